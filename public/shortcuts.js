// Keyboard shortcuts: a button with `data-shortcut="a"` is clicked when the agent presses A, so the
// shortcut posts exactly the form the button posts. Never while typing in a field, never with Ctrl,
// Alt or Cmd. The keys are chosen in the views (README: Keyboard shortcuts).
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return
  const target = event.target
  if (target instanceof Element && (target.closest('input, textarea, select') || target.isContentEditable)) return
  if (event.key.length !== 1) return
  const button = document.querySelector(`[data-shortcut="${CSS.escape(event.key.toLowerCase())}"]:not([disabled])`)
  if (!button) return
  event.preventDefault()
  button.click()
})
