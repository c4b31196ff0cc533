"""The demo company: a reproducible outsourcing story to show the whole product.

This package generates the *operations* half: months of contacts over phone, e-mail,
chat and social with the chosen vendor (:mod:`regie.demo.arrivals`,
:mod:`regie.demo.service`, :mod:`regie.demo.customers`), written as the vendor's real
exports — Zendesk CSV, Intercom JSON and a telephony call log with its mapping
(:mod:`regie.demo.exports`) — plus the truth the imports should reproduce
(:mod:`regie.demo.operations`). Generation never touches the database: importing the
exports is the job of the import use case, like for any customer's files.

The *company* (``regie demo``, :mod:`regie.demo.company`) tells the whole story through
the product's use cases: a business case, three quotes, due diligence, a pilot with two
vendors working to their own :class:`Profile`, then the year of operations with its
contract, outage log, statements and QA (:mod:`regie.demo.plan` has the story's facts).
It is not imported here, so the generator stays free of the database.
"""

from regie.demo.arrivals import Campaign, ChannelProfile
from regie.demo.operations import SIZES, Operations, Size, default_story, generate
from regie.demo.service import Profile, Story

__all__ = [
    "SIZES",
    "Campaign",
    "ChannelProfile",
    "Operations",
    "Profile",
    "Size",
    "Story",
    "default_story",
    "generate",
]
