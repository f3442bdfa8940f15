// The phone's audio settings, shown once the Device is registered: which microphone and speaker it uses
// (remembered in this browser), and a Test that plays a chime on the chosen speaker and shows the
// microphone's level. All through the SDK's `device.audio`.
(() => {
  const $ = (id) => document.getElementById(id)
  const saved = { microphone: 'switchboard.microphone', speaker: 'switchboard.speaker' }
  const chime = '/public/sounds/chime.wav'
  let device = null

  document.addEventListener('phone:registered', (event) => {
    if (device === event.detail) return
    device = event.detail
    $('phone_settings').hidden = false
    list()
    device.audio.on('deviceChange', list)
  })

  function list() {
    const audio = device.audio
    fill($('microphone'), audio.availableInputDevices, localStorage.getItem(saved.microphone))
    fill($('speaker'), audio.availableOutputDevices, localStorage.getItem(saved.speaker))
    $('speaker').disabled = !audio.isOutputSelectionSupported
    if (audio.isOutputSelectionSupported && $('speaker').value) audio.speakerDevices.set($('speaker').value).catch(() => undefined)
  }

  function fill(select, devices, chosen) {
    select.replaceChildren(...[...devices.values()].map((d) => new Option(d.label || d.deviceId, d.deviceId, false, d.deviceId === chosen)))
  }

  async function test() {
    const audio = device.audio
    const note = $('audio_test_status')
    const level = (volume) => ($('input_level').value = volume)
    note.textContent = 'Testing…'
    try {
      await audio.setInputDevice($('microphone').value)
      audio.on('inputVolume', level)
      await (audio.isOutputSelectionSupported ? audio.speakerDevices.test(chime) : new Audio(chime).play())
      note.textContent = 'Test sound played: you should have heard a chime. Speak to see the microphone level.'
    } catch (error) {
      note.textContent = `Test failed: ${error.message}`
    }
    setTimeout(() => {
      audio.removeListener('inputVolume', level)
      $('input_level').value = 0
      if (!device.isBusy) audio.unsetInputDevice()
    }, 5000)
  }

  $('microphone').addEventListener('change', (event) => {
    localStorage.setItem(saved.microphone, event.target.value)
    if (device?.isBusy) device.audio.setInputDevice(event.target.value).catch(() => undefined)
  })
  $('speaker').addEventListener('change', (event) => {
    localStorage.setItem(saved.speaker, event.target.value)
    device?.audio.speakerDevices.set(event.target.value).catch(() => undefined)
  })
  $('audio_test').addEventListener('click', () => device && test())
})()
