"""The product's sentences in Chinese (``zh``, the filing's language) and English (``en``).

A reason, an explanation or an answer is a :class:`Message`: a key of the one
:data:`CATALOGUE` and the facts it states, built where the facts are known and
rendered where it is written (``message.text(lang)``; ``str()`` is English).
:func:`text_of` renders a :data:`Text`, which may also be plain text read back
from a file.
"""

from models.messages.catalogue import CATALOGUE
from models.messages.message import (
    LANGS,
    Joined,
    Message,
    Text,
    check_lang,
    joined,
    map_strings,
    message,
    text_of,
)

__all__ = [
    "CATALOGUE",
    "LANGS",
    "Joined",
    "Message",
    "Text",
    "check_lang",
    "joined",
    "map_strings",
    "message",
    "text_of",
]
