// Stand-in for @twilio/voice-sdk's Device, loaded in simulator mode instead of dist/twilio.min.js.
// Sets globalThis.Twilio.{Device,Call} the same way the SDK does. Protocol: src/simulator/protocol.ts.
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

  class Call extends Emitter {
    constructor(device, message) {
      super()
      this._device = device
      this._status = 'pending'
      this._muted = false
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
    _accepted() { this._status = 'open'; this.emit('accept', this) }
    _close(event) {
      if (this._status === 'closed') return
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
      this._options = Object.assign({ tokenRefreshMs: 10000 }, options || {})
      this._socketUrl = this._options.simulatorUrl || SOCKET_URL
      this._state = 'unregistered'
      this._calls = []
      this._identity = null
      this._socket = null
      this._pending = null
      this._retry = 0
      this._willExpire = null
    }
    get state() { return this._state }
    get identity() { return this._identity }
    get calls() { return this._calls.slice() }
    get isBusy() { return this._calls.some(function (c) { return c.status() !== 'pending' }) }
    get token() { return this._token }
    get audio() { return null }
    register() {
      var self = this
      if (this._state === 'destroyed') return Promise.reject(new TwilioError(31000, 'Device destroyed'))
      this._wantRegistered = true
      this._setState('registering')
      return new Promise(function (resolve, reject) {
        self._pending = { resolve: resolve, reject: reject }
        self._whenOpen(function () { self._send({ type: 'register', token: self._token }) })
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
    disconnectAll() { this.calls.forEach(function (c) { c.disconnect() }) }
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
    _forget(call) { this._calls = this._calls.filter(function (c) { return c !== call }) }
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
      this.calls.forEach(function (c) { c._close(c.status() === 'pending' ? 'cancel' : 'disconnect') })
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
        case 'cancel': return call && call._close(call.status() === 'open' ? 'disconnect' : 'cancel')
        case 'disconnect': return call && call._close('disconnect')
      }
    }
    _onRegistered(message) {
      var self = this
      this._identity = message.identity
      this._setState('registered')
      if (this._pending) this._pending.resolve()
      this._pending = null
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
    _onIncoming(message) {
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
