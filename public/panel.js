// The panel's only behaviour of its own: a clock on waiting and talking times, and a visible
// "reconnecting" while the live channel is down (the server re-sends everything when it is back).
document.addEventListener('htmx:ws:close', () => {
  const status = document.getElementById('live_status')
  if (!status) return
  status.dataset.state = 'disconnected'
  status.textContent = 'Reconnecting…'
})

setInterval(() => {
  for (const clock of document.querySelectorAll('time[data-since]')) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(clock.dataset.since)) / 1000))
    clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
  }
}, 1000)

// Times are rendered in UTC on the server and shown in the viewer's own timezone here.
function localizeTimes() {
  for (const time of document.querySelectorAll('time[data-local]:not([title])')) {
    time.title = time.dateTime
    time.textContent = new Date(time.dateTime).toLocaleString()
  }
}
localizeTimes()
document.addEventListener('htmx:after:swap', localizeTimes)
