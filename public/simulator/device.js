// Stand-in for @twilio/voice-sdk's Device, loaded in simulator mode instead of dist/twilio.min.js.
// Sets globalThis.Twilio.{Device,Call} the same way the SDK does. Protocol: src/simulator/protocol.ts.
// Keeps the SDK's surface and defaults for what the app uses; test/e2e/real-sdk.test.ts compares them.
;(function (root) {
  'use strict'
  var script = typeof document !== 'undefined' ? document.currentScript : null
  var SOCKET_URL = script ? script.src.replace(/^http/, 'ws').replace(/\.js(\?.*)?$/, '') : null

  class Emitter {
    constructor() { this._listeners = {} }
    on(name, fn) { (this._listeners[name] = this._listeners[name] || []).push(fn); return this }
    addListener(name, fn) { return this.on(name, fn) }
    once(name, fn) { var self = this; function w() { self.off(name, w); fn.apply(self, arguments) } w.fn = fn; return this.on(name, w) }
    off(name, fn) { this._listeners[name] = (this._listeners[name] || []).filter(function (l) { return l !== fn && l.fn !== fn }); return this }
    removeListener(name, fn) { return this.off(name, fn) }
    removeAllListeners(name) { if (name) delete this._listeners[name]; else this._listeners = {}; return this }
    listenerCount(name) { return (this._listeners[name] || []).length }
    emit(name) {
      var args = Array.prototype.slice.call(arguments, 1)
      var listeners = (this._listeners[name] || []).slice()
      listeners.forEach(function (l) { try { l.apply(null, args) } catch (e) { setTimeout(function () { throw e }) } })
      return listeners.length > 0
    }
  }

  class TwilioError extends Error {
    constructor(code, message) { super(message); this.name = 'TwilioError'; this.code = code; this.description = message }
  }

  function namedError(name, message) { var error = new Error(message); error.name = name; return error }

  // AudioHelper#speakerDevices / #ringtoneDevices: which outputs play the call and the ringtone.
  class OutputDeviceCollection {
    constructor(available, supported) { this._available = available; this._supported = supported; this._active = new Set() }
    get() { return this._active }
    delete(device) { return this._active.delete(device) }
    set(deviceIdOrIds) {
      if (!this._supported) return Promise.reject(namedError('NotSupportedError', 'This browser does not support audio output selection'))
      var ids = Array.isArray(deviceIdOrIds) ? deviceIdOrIds : [deviceIdOrIds]
      if (!ids.length) return Promise.reject(namedError('InvalidArgumentError', 'Must specify at least one device to set'))
      var available = this._available
      var missing = ids.filter(function (id) { return !available.has(id) })
      if (missing.length) return Promise.reject(namedError('InvalidArgumentError', 'Devices not found: ' + missing.join(', ')))
      this._active = new Set(ids.map(function (id) { return available.get(id) }))
      return Promise.resolve()
    }
    test(soundUrl) {
      if (!this._supported) return Promise.reject(namedError('NotSupportedError', 'This browser does not support audio output selection'))
      if (!this._active.size) return Promise.reject(namedError('InvalidStateError', 'No active output devices to test'))
      return Promise.all(Array.from(this._active).map(function (device) {
        var el = new Audio(soundUrl)
        return new Promise(function (resolve) { el.oncanplay = resolve }).then(function () { return el.setSinkId(device.deviceId) }).then(function () { return el.play() })
      }))
    }
  }

  // Device#audio: the same surface as the SDK's AudioHelper over the browser's own media devices.
  // Nothing reaches the simulator: it carries no media.
  class AudioHelper extends Emitter {
    constructor() {
      super()
      var media = typeof navigator !== 'undefined' ? navigator.mediaDevices : null
      this._media = media
      this._inputDevice = null
      this._stream = null
      this._sounds = { disconnect: true, incoming: true, outgoing: true }
      this.availableInputDevices = new Map()
      this.availableOutputDevices = new Map()
      this.isOutputSelectionSupported = !!media && typeof HTMLAudioElement !== 'undefined' && 'setSinkId' in HTMLAudioElement.prototype
      this.isVolumeSupported = typeof AudioContext !== 'undefined'
      this.speakerDevices = new OutputDeviceCollection(this.availableOutputDevices, this.isOutputSelectionSupported)
      this.ringtoneDevices = new OutputDeviceCollection(this.availableOutputDevices, this.isOutputSelectionSupported)
      if (!media) return
      var self = this
      media.addEventListener('devicechange', function () { self._updateAvailableDevices() })
      this._updateAvailableDevices().then(function () {
        if (self.isOutputSelectionSupported && self.availableOutputDevices.has('default')) {
          self.speakerDevices.set('default')
          self.ringtoneDevices.set('default')
        }
      })
    }
    get inputDevice() { return this._inputDevice }
    get inputStream() { return this._stream }
    disconnect(doEnable) { return this._sound('disconnect', doEnable) }
    incoming(doEnable) { return this._sound('incoming', doEnable) }
    outgoing(doEnable) { return this._sound('outgoing', doEnable) }
    on(name, fn) { super.on(name, fn); if (name === 'inputVolume') this._pollVolume(); return this }
    setInputDevice(deviceId) {
      var device = this.availableInputDevices.get(deviceId)
      if (!device) return Promise.reject(namedError('InvalidArgumentError', 'Device not found: ' + deviceId))
      var self = this
      return this._media.getUserMedia({ audio: { deviceId: { exact: deviceId } } }).then(function (stream) {
        self._replaceStream(stream)
        self._inputDevice = device
        self._pollVolume()
      })
    }
    unsetInputDevice() {
      this._replaceStream(null)
      this._inputDevice = null
      return Promise.resolve()
    }
    _sound(name, doEnable) { if (typeof doEnable === 'boolean') this._sounds[name] = doEnable; return this._sounds[name] }
    _replaceStream(stream) {
      if (this._stream) this._stream.getTracks().forEach(function (track) { track.stop() })
      this._stream = stream
      this._source = null
    }
    _updateAvailableDevices() {
      var self = this
      return this._media.enumerateDevices().then(function (devices) {
        var changed = self._updateDevices(devices, 'audioinput', self.availableInputDevices) | self._updateDevices(devices, 'audiooutput', self.availableOutputDevices)
        if (changed) self.emit('deviceChange', [])
      })
    }
    _updateDevices(devices, kind, available) {
      var found = devices.filter(function (d) { return d.kind === kind && d.deviceId })
      var ids = found.map(function (d) { return d.deviceId })
      var changed = false
      Array.from(available.keys()).forEach(function (id) { if (ids.indexOf(id) < 0) { available.delete(id); changed = true } })
      found.forEach(function (d) { var known = available.get(d.deviceId); if (!known || known.label !== d.label) { available.set(d.deviceId, d); changed = true } })
      return changed
    }
    // Like the SDK: an analyser on the input stream, read every animation frame while someone listens.
    _pollVolume() {
      if (this._polling || !this._stream || !this.isVolumeSupported || !this.listenerCount('inputVolume')) return
      var context = this._context || (this._context = new AudioContext())
      if (context.state === 'suspended') context.resume()
      var analyser = context.createAnalyser()
      analyser.fftSize = 32
      analyser.smoothingTimeConstant = 0.3
      context.createMediaStreamSource(this._stream).connect(analyser)
      var buffer = new Uint8Array(analyser.frequencyBinCount)
      var self = this
      var stream = this._stream
      this._polling = true
      function read() {
        if (self._stream !== stream || !self.listenerCount('inputVolume')) { self._polling = false; return self._pollVolume() }
        analyser.getByteFrequencyData(buffer)
        var sum = 0
        for (var i = 0; i < buffer.length; i++) sum += buffer[i]
        self.emit('inputVolume', sum / buffer.length / 255)
        requestAnimationFrame(read)
      }
      requestAnimationFrame(read)
    }
  }

  class Call extends Emitter {
    constructor(device, message) {
      super()
      this._device = device
      this._status = 'pending'
      this._muted = false
      this._deadline = null
      this.parameters = Object.assign({}, message.parameters)
      this.customParameters = new Map(Object.entries(message.customParameters || {}))
      this.direction = 'INCOMING'
    }
    get sid() { return this.parameters.CallSid }
    status() { return this._status }
    isMuted() { return this._muted }
    accept() {
      if (this._status !== 'pending') return
      this._status = 'connecting'
      this._device._send({ type: 'accept', callSid: this.sid })
    }
    reject() {
      if (this._status !== 'pending') return
      this._device._send({ type: 'reject', callSid: this.sid })
      this._close('reject')
    }
    ignore() { if (this._status === 'pending') this._close(null) }
    disconnect() {
      if (this._status === 'pending') return this.reject()
      if (this._status === 'closed') return
      this._device._send({ type: 'hangup', callSid: this.sid })
      this._close('disconnect')
    }
    mute(shouldMute) {
      var muted = shouldMute !== false
      if (muted === this._muted) return
      this._muted = muted
      this._device._send({ type: 'mute', callSid: this.sid, muted: muted })
      this.emit('mute', muted, this)
    }
    sendDigits(digits) {
      if (this._status !== 'open') return
      this._device._send({ type: 'digits', callSid: this.sid, digits: String(digits) })
    }
    _accepted() { this._status = 'open'; this._device._activeCall = this; this.emit('accept', this) }
    // The SDK's signalling reconnection: the call waits, then carries on or ends (maxCallSignalingTimeoutMs).
    _lostSignalling(timeoutMs) {
      var self = this
      this._status = 'reconnecting'
      this._deadline = setTimeout(function () { self._close('disconnect') }, timeoutMs)
      this.emit('reconnecting', new TwilioError(53001, 'Signaling connection disconnected'))
    }
    _reconnected() {
      if (this._status !== 'reconnecting') return
      clearTimeout(this._deadline)
      this._status = 'open'
      this.emit('reconnected')
    }
    _close(event) {
      if (this._status === 'closed') return
      clearTimeout(this._deadline)
      this._status = 'closed'
      this._device._forget(this)
      if (event === 'disconnect') this.emit('disconnect', this)
      else if (event) this.emit(event)
    }
    toString() { return '[Twilio.Call instance]' }
  }
  Call.State = { Closed: 'closed', Connecting: 'connecting', Open: 'open', Pending: 'pending', Reconnecting: 'reconnecting', Ringing: 'ringing' }

  class Device extends Emitter {
    constructor(token, options) {
      super()
      if (!SOCKET_URL && !(options && options.simulatorUrl)) throw new TwilioError(31000, 'Cannot find the simulator URL')
      this._token = token
      this._options = Object.assign({ allowIncomingWhileBusy: false, maxCallSignalingTimeoutMs: 0, tokenRefreshMs: 10000 }, options || {})
      this._socketUrl = this._options.simulatorUrl || SOCKET_URL
      this._state = 'unregistered'
      this._calls = []
      this._activeCall = null
      this._audio = null
      this._identity = null
      this._socket = null
      this._pending = null
      this._retry = 0
      this._willExpire = null
    }
    get state() { return this._state }
    get identity() { return this._identity }
    get calls() { return this._calls.filter(function (c) { return c.status() === 'pending' }) }
    get isBusy() { return !!this._activeCall }
    get token() { return this._token }
    get audio() { return this._audio || (this._audio = new AudioHelper()) }
    register() {
      var self = this
      if (this._state === 'destroyed') return Promise.reject(new TwilioError(31000, 'Device destroyed'))
      this._wantRegistered = true
      this._setState('registering')
      return new Promise(function (resolve, reject) {
        self._pending = { resolve: resolve, reject: reject }
        self._whenOpen(function () { self._send({ type: 'register', token: self._token, maxCallSignalingTimeoutMs: self._options.maxCallSignalingTimeoutMs }) })
      })
    }
    unregister() {
      this._wantRegistered = false
      this._send({ type: 'unregister' })
      return Promise.resolve()
    }
    updateToken(token) {
      this._token = token
      if (this._state === 'registered') this._send({ type: 'updateToken', token: token })
    }
    disconnectAll() { this._calls.slice().forEach(function (c) { c.disconnect() }) }
    destroy() {
      this.disconnectAll()
      this._wantRegistered = false
      clearTimeout(this._willExpire)
      if (this._socket) this._socket.close()
      this._setState('destroyed')
      this.emit('destroyed')
    }
    connect() { return Promise.reject(new TwilioError(31000, 'Device.connect is not simulated: create the call through REST')) }
    _send(message) {
      if (this._socket && this._socket.readyState === 1) this._socket.send(JSON.stringify(message))
    }
    _forget(call) {
      this._calls = this._calls.filter(function (c) { return c !== call })
      if (this._activeCall === call) this._activeCall = null
    }
    _find(sid) { return this._calls.find(function (c) { return c.sid === sid }) }
    _setState(state) {
      if (this._state === state) return
      this._state = state
      if (state !== 'destroyed') this.emit(state, this)
    }
    _whenOpen(fn) {
      if (this._socket && this._socket.readyState === 1) return fn()
      if (!this._socket || this._socket.readyState > 1) this._connect()
      this._socket.addEventListener('open', fn, { once: true })
    }
    _connect() {
      var self = this
      var socket = new WebSocket(this._socketUrl)
      this._socket = socket
      socket.addEventListener('open', function () { self._retry = 0 })
      socket.addEventListener('message', function (event) { self._onMessage(JSON.parse(event.data)) })
      socket.addEventListener('close', function () { self._onClose(socket) })
    }
    _onClose(socket) {
      if (socket !== this._socket || this._state === 'destroyed') return
      var timeoutMs = this._options.maxCallSignalingTimeoutMs
      this._calls.slice().forEach(function (c) {
        if (c.status() === 'open' && timeoutMs > 0) c._lostSignalling(timeoutMs)
        else if (c.status() !== 'reconnecting') c._close(c.status() === 'pending' ? 'cancel' : 'disconnect')
      })
      if (this._state === 'registered') this._setState('unregistered')
      if (!this._wantRegistered) return
      var self = this
      this._retry = Math.min(this._retry + 1, 5)
      setTimeout(function () { if (self._wantRegistered) self.register().catch(function () {}) }, this._retry * 1000)
    }
    _onMessage(message) {
      var call = message.callSid ? this._find(message.callSid) : null
      switch (message.type) {
        case 'registered': return this._onRegistered(message)
        case 'unregistered': return this._setState('unregistered')
        case 'error': return this._onError(message)
        case 'incoming': return this._onIncoming(message)
        case 'accepted': return call && call._accepted()
        case 'reconnected': return call && call._reconnected()
        case 'cancel': return call && call._close(['open', 'reconnecting'].indexOf(call.status()) >= 0 ? 'disconnect' : 'cancel')
        case 'disconnect': return call && call._close('disconnect')
      }
    }
    _onRegistered(message) {
      var self = this
      this._identity = message.identity
      this._setState('registered')
      if (this._pending) this._pending.resolve()
      this._pending = null
      this._calls.forEach(function (c) { if (c.status() === 'reconnecting') self._send({ type: 'reconnect', callSid: c.sid }) })
      clearTimeout(this._willExpire)
      this._willExpire = setTimeout(function () { self.emit('tokenWillExpire', self) }, Math.max(0, message.ttl * 1000 - this._options.tokenRefreshMs))
    }
    _onError(message) {
      var error = new TwilioError(message.code, message.message)
      if (this._pending) {
        this._pending.reject(error)
        this._pending = null
        this._setState('unregistered')
      }
      this.emit('error', error)
    }
    // Like the SDK, a Device already on a call ignores a new invite unless allowIncomingWhileBusy.
    _onIncoming(message) {
      if (this.isBusy && !this._options.allowIncomingWhileBusy) return
      var call = new Call(this, message)
      this._calls.push(call)
      this.emit('incoming', call)
    }
    toString() { return '[Twilio.Device instance]' }
  }
  Device.EventName = { Error: 'error', Incoming: 'incoming', Destroyed: 'destroyed', Unregistered: 'unregistered', Registering: 'registering', Registered: 'registered', TokenWillExpire: 'tokenWillExpire' }
  Device.State = { Destroyed: 'destroyed', Unregistered: 'unregistered', Registering: 'registering', Registered: 'registered' }
  Device.isSupported = true
  Device.toString = function () { return '[Twilio.Device class]' }

  var Twilio = root.Twilio = root.Twilio || {}
  Twilio.Call = Twilio.Call || Call
  Twilio.Device = Twilio.Device || Device
})(globalThis)
