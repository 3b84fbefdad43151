"""Jupyter widgets (anywidget), the top layer: the browser microphone and playback (:mod:`.microphone`, over
widget messages or a WebRTC peer in :mod:`.webrtc`) and the VAD tuner (:mod:`.vad_tuner`); import each from its
module."""
