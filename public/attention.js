// An offer must not be missed, even in a background tab: while a card marked `data-ring` is on the
// panel, the ringtone plays, the tab title flashes its words, and a desktop notification shows if the
// agent allowed them. All of it stops when the card changes (Accept, Decline, timeout). The ringtone's
// switch and volume are remembered in this browser.
(() => {
  const $ = (id) => document.getElementById(id)
  const ringtone = $('ringtone')
  const title = document.title
  const saved = { on: 'switchboard.ringtone', volume: 'switchboard.ringtoneVolume', speaker: 'switchboard.speaker' }
  let ringing = null
  let flash = null
  let notification = null

  function update() {
    const ring = document.querySelector('#call_container [data-ring]')
    if (ring?.id === ringing?.id) return
    stop()
    if (ring) start(ring)
  }

  function start(ring) {
    ringing = ring
    const words = ring.dataset.ring
    play()
    flash = setInterval(() => (document.title = document.title === words ? title : words), 1000)
    document.title = words
    if (window.Notification?.permission === 'granted') {
      notification = new Notification(words, { tag: ring.id, requireInteraction: true })
      notification.onclick = () => window.focus()
    }
  }

  function stop() {
    ringing = null
    ringtone.pause()
    clearInterval(flash)
    document.title = title
    notification?.close()
    notification = null
  }

  function play() {
    ringtone.volume = Number(localStorage.getItem(saved.volume) ?? 0.8)
    if (!ringing || localStorage.getItem(saved.on) === 'off') return ringtone.pause()
    const speaker = localStorage.getItem(saved.speaker)
    if (speaker && ringtone.setSinkId) ringtone.setSinkId(speaker).catch(() => undefined)
    ringtone.currentTime = 0
    ringtone.play().catch(() => undefined)
  }

  new MutationObserver(update).observe($('call_container'), { childList: true, subtree: true, attributes: true, attributeFilter: ['data-ring'] })
  update()

  // Notifications are asked for once, when the agent goes online (a click), never when the page loads.
  let asked = false
  document.addEventListener('submit', (event) => {
    const online = event.target.id === 'presence' && event.target.elements.presence.value === 'online'
    if (!online || asked || window.Notification?.permission !== 'default') return
    asked = true
    Notification.requestPermission()
  }, true)

  $('ringtone_on').checked = localStorage.getItem(saved.on) !== 'off'
  $('ringtone_volume').value = localStorage.getItem(saved.volume) ?? 0.8
  $('ringtone_on').addEventListener('change', (event) => {
    localStorage.setItem(saved.on, event.target.checked ? 'on' : 'off')
    play()
  })
  $('ringtone_volume').addEventListener('input', (event) => {
    localStorage.setItem(saved.volume, event.target.value)
    ringtone.volume = Number(event.target.value)
  })
})()
