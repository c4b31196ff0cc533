"""The demo company: a reproducible outsourcing story to show the whole product.

This package generates the *operations* half: months of contacts over phone, e-mail,
chat and social with the chosen vendor (:mod:`regie.demo.arrivals`,
:mod:`regie.demo.service`, :mod:`regie.demo.customers`), written as the vendor's real
exports — Zendesk CSV, Intercom JSON and a telephony call log with its mapping
(:mod:`regie.demo.exports`) — plus the truth the imports should reproduce
(:mod:`regie.demo.operations`). Generation never touches the database: importing the
exports is the job of the import use case, like for any customer's files.
"""

from regie.demo.arrivals import Campaign, ChannelProfile
from regie.demo.operations import SIZES, Operations, Size, default_story, generate
from regie.demo.service import Story

__all__ = [
    "SIZES",
    "Campaign",
    "ChannelProfile",
    "Operations",
    "Size",
    "Story",
    "default_story",
    "generate",
]
