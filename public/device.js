// The telephony side of the panel: checks the microphone, registers the Twilio Device and answers
// whatever rings it. Calls are started, accepted and ended on the server; this file decides nothing
// about them. It reports what goes wrong with the phone to the server, which says so on the card.
(() => {
  const $ = (id) => document.getElementById(id)
  const status = $('device_status')
  let device = null
  let registration = null
  let current = null

  function show(state, text) {
    status.dataset.state = state
    status.textContent = text
  }

  // The words live in the page (views/agents/_phone.eta); this only picks which ones to show.
  function alertProblem(name) {
    const words = name && document.querySelector(`#phone_problems [data-problem="${name}"]`)
    $('phone_alert').textContent = words ? words.textContent : ''
    $('phone_alert').hidden = !words
  }

  function report(kind, error, call) {
    const form = $('phone_report')
    form.elements.kind.value = kind
    form.elements.message.value = String(error?.message || error).slice(0, 300)
    form.elements.code.value = error?.code ?? ''
    form.elements.callSid.value = call?.parameters?.CallSid ?? ''
    form.requestSubmit()
  }

  // A report that could not be sent (the network was down) goes again once the browser is back online.
  let unsent = false
  $('phone_report').addEventListener('htmx:error', () => (unsent = true))
  window.addEventListener('online', () => {
    if (unsent) $('phone_report').requestSubmit()
    unsent = false
  })

  const microphoneProblems = { NotAllowedError: 'microphone-denied', SecurityError: 'microphone-denied', NotFoundError: 'microphone-missing', OverconstrainedError: 'microphone-missing' }

  async function microphoneProblem() {
    if (!navigator.mediaDevices?.getUserMedia) return 'insecure'
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
      stream.getTracks().forEach((track) => track.stop())
      return null
    } catch (error) {
      return microphoneProblems[error.name] ?? 'microphone-busy'
    }
  }

  async function fetchToken() {
    const response = await fetch('/voice/token', { credentials: 'same-origin' })
    if (!response.ok) throw new Error(`could not get a voice token (${response.status})`)
    return (await response.json()).token
  }

  function register() {
    registration ||= connect().catch((error) => {
      device?.destroy()
      device = registration = null
      throw error
    })
    return registration
  }

  async function connect() {
    show('registering', 'Phone: connecting…')
    // maxCallSignalingTimeoutMs: a call survives a dropped signalling connection while the SDK reconnects
    // (https://www.twilio.com/docs/voice/sdks/javascript/edges#edge-fallback-and-signaling-reconnection).
    device = new Twilio.Device(await fetchToken(), { closeProtection: true, logLevel: 'warn', allowIncomingWhileBusy: false, maxCallSignalingTimeoutMs: 30000 })
    device.on('registered', ready)
    device.on('unregistered', () => current || show('idle', 'Phone: not registered'))
    device.on('error', (error, call) => {
      show('error', `Phone: ${error.message}`)
      if (call || current) report('device', error, call || current)
    })
    device.on('tokenWillExpire', async () => device.updateToken(await fetchToken()))
    device.on('incoming', answer)
    await device.register()
  }

  function ready() {
    if (!current) show('registered', 'Phone: ready')
    document.dispatchEvent(new CustomEvent('phone:registered', { detail: device }))
  }

  async function answer(call) {
    current = call
    const done = () => {
      if (current === call) current = null
      show('registered', 'Phone: ready')
    }
    call.on('accept', () => show('on-call', 'Phone: on a call'))
    call.on('disconnect', done)
    call.on('cancel', done)
    call.on('reject', done)
    call.on('error', (error) => {
      show('error', `Phone: ${error.message}`)
      report('call', error, call)
    })
    call.on('reconnecting', (error) => {
      show('reconnecting', 'Phone: reconnecting…')
      report('connection', error, call)
    })
    call.on('reconnected', () => show('on-call', 'Phone: on a call'))
    const microphone = localStorage.getItem('switchboard.microphone')
    if (microphone && device.audio.availableInputDevices.has(microphone)) await device.audio.setInputDevice(microphone).catch(() => undefined)
    call.accept()
  }

  function fail(error) {
    show('error', `Phone: ${error.message}`)
  }

  // Go online = the microphone works and the Device is registered; only then is the presence form posted,
  // so an agent is never offered calls they cannot answer. It is also the click that lets audio play.
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (form.id !== 'presence' || form.elements.presence.value !== 'online' || form.dataset.phone === 'ready') return
    event.preventDefault()
    event.stopImmediatePropagation()
    goOnline(form)
  }, true)

  async function goOnline(form) {
    alertProblem(null)
    const problem = await microphoneProblem()
    if (problem) return alertProblem(problem)
    try {
      await register()
    } catch (error) {
      return fail(error)
    }
    form.dataset.phone = 'ready'
    form.requestSubmit()
  }

  // A reload while online: the same checks; without a microphone the agent goes offline.
  async function resume() {
    const problem = await microphoneProblem()
    if (!problem) return register().catch(fail)
    alertProblem(problem)
    $('presence').requestSubmit()
  }
  if (document.querySelector('#presence[data-presence=online]')) resume()

  // DTMF has to travel in the call's own audio: Twilio has no way to send it to a bridged call from
  // the server (docs/decisions/0001-dtmf.md).
  document.addEventListener('click', (event) => {
    const key = event.target.closest('[data-device=digits]')
    if (key && current) current.sendDigits(key.value)
  })

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-device=mute]')
    if (!button || !current) return
    current.mute(!current.isMuted())
    button.setAttribute('aria-pressed', String(current.isMuted()))
    button.textContent = current.isMuted() ? 'Unmute' : 'Mute'
  })
})()
