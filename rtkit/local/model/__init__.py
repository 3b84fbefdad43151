"""The local server's stand-in for a model: rule-based, not a language model.

It reads a request (typed text, or the transcript of speech) once into typed spans (:mod:`.spans`,
:mod:`.structures`, with :mod:`.units`, :mod:`.currencies`, :mod:`.places` and :mod:`.identifiers` for spoken
codes), routes it to the session tool whose name, description and parameters match best and that covers what the
request asks about (:mod:`.routing`, :mod:`.topic`), fills the arguments by what each parameter's schema says
(:mod:`.arguments`: :mod:`.values` for values with a form of their own, :mod:`.assign` scoring spans against each
parameter's :mod:`.profile`, :mod:`.place_values`, :mod:`.params`, :mod:`.mentions`, :mod:`.extract`,
:mod:`.free_text`), and once the tool's output arrives answers with a sentence built from it (:mod:`.phrasing`,
:mod:`.spoken`: amounts in the tool's own currency); questions about earlier turns are answered from the
conversation (:mod:`.recall`); :mod:`.script` plays scripted turns for deterministic tests. :mod:`.responder`
ties them together into a response plan; what a tool schema says is read once per schema
(:mod:`.schema_cache`). Pure logic: no I/O, no speech, no protocol.
"""
