"""The local server's protocol side: the websocket server (:mod:`.local_server`), its connections, which hand each
client message on as its frame is read (:mod:`.connection`), one connection's state and
event handling (:mod:`.state`), what it heard in the user's audio (:mod:`.transcripts`: recognition tasks, the
early attempt, refused utterances), wire events and errors (:mod:`.events`), session configuration
(:mod:`.session_config`), the conversation (:mod:`.conversation`), responses (:mod:`.responses`, which ask the
model for a plan and speech for audio), usage (:mod:`.usage`) and fault injection (:mod:`.faults`).
"""
