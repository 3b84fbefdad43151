"""The local server's stand-in for a model: rule-based, not a language model.

It reads a request (typed text, or the transcript of speech), routes it to the session tool whose name,
description and parameters match best (:mod:`.routing`), fills the arguments from the words and the JSON schema
(:mod:`.arguments`, :mod:`.mentions`, :mod:`.extract`, :mod:`.free_text`), and once the tool's output arrives
answers with a sentence built from it (:mod:`.phrasing`); questions about earlier turns are answered from the
conversation (:mod:`.recall`); :mod:`.script` plays scripted turns for deterministic tests. :mod:`.responder`
ties them together into a response plan. Pure logic: no I/O, no speech, no protocol.
"""
