"""Local speech for the local server: espeak-ng synthesis (:mod:`.tts`), recognition with pocketsphinx and
Moonshine (:mod:`.asr`, :mod:`.moonshine`, phone-level spotting in :mod:`.spotting`, slot values from tool
schemas in :mod:`.slots`), recognition worker processes and their pool (:mod:`.recognition_pool`), and the
per-server engines with the session vocabulary (:mod:`.engines`). It does not import the model or the server.
"""
