// Caller console: places a call through the simulator's control API and polls what the caller hears.
;(function () {
  const form = document.getElementById('place')
  const prefix = form.dataset.prefix
  const status = document.getElementById('status')
  const log = document.getElementById('log')
  const hangup = document.getElementById('hangup')
  const callButton = document.getElementById('call')
  const keypad = document.getElementById('keypad')
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
    if (view.ended) {
      call.ended = true
      setLive(false)
    }
  }

  function show(text, ended) {
    status.textContent = text
    status.dataset.ended = String(ended)
  }

  function setLive(live) {
    hangup.disabled = !live
    callButton.disabled = live
    keypad.disabled = !live
  }

  function value(id) {
    return document.getElementById(id).value.trim()
  }

  function post(path, body) {
    return fetch(prefix + path, { method: 'POST', headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
  }
})()
