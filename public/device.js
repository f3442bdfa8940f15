// The telephony side of the panel: registers the Twilio Device and answers whatever rings it.
// Calls are started, accepted and ended on the server; this file never decides anything.
(() => {
  const status = document.getElementById('device_status')
  const microphone = document.getElementById('microphone')
  let device = null
  let current = null

  function show(state, text) {
    if (!status) return
    status.dataset.state = state
    status.textContent = text
  }

  async function fetchToken() {
    const response = await fetch('/voice/token', { credentials: 'same-origin' })
    if (!response.ok) throw new Error(`could not get a voice token (${response.status})`)
    return (await response.json()).token
  }

  async function register() {
    if (device) return
    device = new Twilio.Device(await fetchToken(), { closeProtection: true, logLevel: 'warn' })
    device.on('registered', () => {
      show('registered', 'Phone: ready')
      listMicrophones()
    })
    device.on('unregistered', () => show('idle', 'Phone: not registered'))
    device.on('error', (error) => show('error', `Phone: ${error.message}`))
    device.on('tokenWillExpire', async () => device.updateToken(await fetchToken()))
    device.on('incoming', answer)
    await device.register()
  }

  function answer(call) {
    current = call
    const done = () => {
      if (current === call) current = null
      show('registered', 'Phone: ready')
    }
    call.on('accept', () => show('on-call', 'Phone: on a call'))
    call.on('disconnect', done)
    call.on('cancel', done)
    call.accept()
  }

  function listMicrophones() {
    if (!microphone || !device.audio) return
    microphone.replaceChildren(...[...device.audio.availableInputDevices.values()].map((input) => new Option(input.label || input.deviceId, input.deviceId)))
    microphone.hidden = microphone.options.length === 0
  }

  function fail(error) {
    device = null
    show('error', `Phone: ${error.message}`)
  }

  // Going online is the click that lets the page use audio, so the Device registers then.
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (form.id === 'presence' && form.elements.presence.value === 'online') register().catch(fail)
  }, true)
  if (document.querySelector('#presence[data-presence=online]')) register().catch(fail)

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

  microphone?.addEventListener('change', () => device?.audio?.setInputDevice(microphone.value))
})()
