// Caller console: places a call through the simulator's control API and polls what the caller hears.
;(function () {
  const form = document.getElementById('place')
  const prefix = form.dataset.prefix
  const status = document.getElementById('status')
  const listening = document.getElementById('listening')
  const log = document.getElementById('log')
  const hangup = document.getElementById('hangup')
  const callButton = document.getElementById('call')
  const keypad = document.getElementById('keypad')
  const speech = document.getElementById('speech')
  const sayForm = document.getElementById('say-form')
  const sayText = document.getElementById('say-text')
  let current = null

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const body = { from: value('from'), to: value('to') || undefined, callerName: value('callerName') || undefined }
    const res = await post('/simulator/calls', body)
    if (!res.ok) return show('Could not place the call: ' + (await res.text()), true)
    const { sid } = await res.json()
    current = { sid, after: 0 }
    log.replaceChildren()
    setLive(true)
    show('Calling…', false)
    poll(current)
  })

  hangup.addEventListener('click', () => current && post('/simulator/calls/' + current.sid + '/hangup'))
  keypad.addEventListener('click', (event) => {
    const digit = event.target.dataset && event.target.dataset.digit
    if (digit && current) post('/simulator/calls/' + current.sid + '/digits', { digits: digit })
  })
  sayForm.addEventListener('submit', async (event) => {
    event.preventDefault()
    const text = sayText.value.trim()
    if (!text || !current) return
    const res = await post('/simulator/calls/' + current.sid + '/speech', { text })
    if (res.ok) sayText.value = ''
    else listening.textContent = 'Not said: ' + ((await res.json()).error || res.status)
  })

  async function poll(call) {
    while (call === current) {
      try {
        const res = await fetch(prefix + '/simulator/calls/' + call.sid + '?after=' + call.after)
        if (res.ok) render(call, await res.json())
      } catch (error) {
        show('Lost contact with the simulator; retrying…', false)
      }
      if (!call.ended) await new Promise((resolve) => setTimeout(resolve, 300))
      else break
    }
  }

  function render(call, view) {
    for (const entry of view.log) {
      const item = document.createElement('li')
      item.textContent = new Date(entry.at).toLocaleTimeString() + '  ' + entry.text
      log.append(item)
      call.after = entry.seq
    }
    show(view.headline, view.ended)
    renderConference(view.conference)
    listening.textContent = listeningText(view.listening)
    if (view.ended) {
      call.ended = true
      setLive(false)
    }
  }

  // The conference the call is in: its name, whether the caller is on hold, and who else is there.
  function renderConference(conference) {
    const section = document.getElementById('conference')
    section.hidden = !conference
    if (!conference) return
    document.getElementById('conference-name').textContent = '"' + conference.name + '" (' + conference.status + ')'
    const hearing = conference.hearing ? ', hearing ' + conference.hearing : ''
    document.getElementById('conference-hold').textContent = conference.onHold ? 'You are on hold' + hearing : 'You are not on hold' + hearing
    const items = conference.others.map((other) => {
      const item = document.createElement('li')
      const flags = ['muted', 'hold', 'coaching'].filter((flag) => other[flag]).map((flag) => (flag === 'hold' ? 'on hold' : flag))
      item.textContent = other.name + (flags.length ? ' (' + flags.join(', ') + ')' : '')
      return item
    })
    if (items.length === 0) items.push(Object.assign(document.createElement('li'), { textContent: 'Nobody else' }))
    document.getElementById('conference-others').replaceChildren(...items)
  }

  function listeningText(state) {
    if (!state) return ''
    if (state.recording) return 'Recording: say something, then press a key or stay silent to finish.'
    const what = [state.digits && 'keys', state.speech && 'speech'].filter(Boolean).join(' or ')
    return 'Listening for ' + what + '.'
  }

  function show(text, ended) {
    status.textContent = text
    status.dataset.ended = String(ended)
  }

  function setLive(live) {
    hangup.disabled = !live
    callButton.disabled = live
    keypad.disabled = !live
    speech.disabled = !live
  }

  function value(id) {
    return document.getElementById(id).value.trim()
  }

  // Inside Switchboard the control API needs the admin's CSRF token; the standalone simulator gives none.
  function post(path, body) {
    const headers = body ? { 'Content-Type': 'application/json' } : {}
    if (form.dataset.csrfToken) headers['X-CSRF-Token'] = form.dataset.csrfToken
    return fetch(prefix + path, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined })
  }
})()
