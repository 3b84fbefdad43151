"""The part a person plays, as the request words it around a name ('the actress Lisa Tharps', 'acted by Kathy
Griffin', 'Javier Bardem is one of the lead actors') and as a parameter asks for it ('directed_by', 'The director
of the movie'), so that a name goes to the parameter for its part. Pure functions over words.
"""

from __future__ import annotations

import re

# Words for each part: the noun for who does it and the verb forms that say it was done.
_PARTS = {
    "act": "actor actors actress actresses acted acting starring stars starred cast",
    "direct": "director directors directed directing",
    "write": "writer writers author authors written wrote screenwriter",
    "produce": "producer producers produced",
    "sing": "singer singers sung sang vocalist vocals",
    "compose": "composer composers composed",
    "dance": "dancer dancers danced",
    "choreograph": "choreographer choreographers choreographed",
    "conduct": "conductor conductors conducted",
    "narrate": "narrator narrators narrated",
    "illustrate": "illustrator illustrators illustrated",
    "design": "designer designers designed",
    "photograph": "photographer photographers photographed",
}
_PART_OF = {word: part for part, words in _PARTS.items() for word in words.split()}


def asked_part(name_words: set[str], description: str) -> str:
    """The part a person parameter asks for ('direct' for 'directed_by' or 'The director of the movie'), or ''
    when its name and description name none or several."""
    said = {_PART_OF[w] for w in name_words if w in _PART_OF}
    if not said:
        said = {_PART_OF[w] for w in re.findall(r"[a-z]+", description.lower()) if w in _PART_OF}
    return next(iter(said)) if len(said) == 1 else ""


def written_part(before: list[str], after: list[str]) -> str:
    """The part the words around a name give it: a part's noun just before ('the actress X'), a part's verb
    before 'by' ('acted by X'), or 'is one of the lead actors' after it; `before` nearest first, lower case."""
    if before and before[0] in _PART_OF and not before[0].endswith(("ed", "ing")):
        return _PART_OF[before[0]]  # 'the actress Lisa Tharps'
    if before[:1] == ["by"] and len(before) > 1 and before[1] in _PART_OF:
        return _PART_OF[before[1]]  # 'acted by Kathy Griffin'
    if after and after[0] in _PART_OF and after[0].endswith(("ing", "s")) and after[1:2] != ["by"]:
        return _PART_OF[after[0]]  # 'mira talvik starring in it': the one who does it, said before the verb
    if after[:1] in (["is"], ["as"], ["was"]):
        return next((_PART_OF[w] for w in after[1:6] if w in _PART_OF), "")  # 'is one of the lead actors'
    return ""
