"""The vendor's exports of the demo company, in the formats Regie's importers read.

- e-mail and social: a Zendesk ticket CSV export (the columns of the UI export, wall-clock
  times of the account's zone Europe/Amsterdam; CSAT as Good / Bad, the survey being sent
  when a ticket is solved); read by ``regie.ingest.zendesk``;
- chat: Intercom conversations JSON as ``GET /conversations`` returns it (Unix seconds,
  ratings 1–5); read by ``regie.ingest.intercom``;
- phone: the vendor's telephony call log, a semicolon-separated CSV with Dutch dates and
  local times, one line per call including calls that ended in the voice menu; read by
  the mapped importer with ``telephony-mapping.toml`` (written beside it).

An export shows what was known at ``end`` (the moment of export): a reply or solution
after it is left out, as is the rating of a ticket not solved yet. The customer number
is the same in every system (the vendor's CRM number), so repeat contacts link across
channels after pseudonymisation. All columns are built by Polars expressions over
prepared NumPy columns; nothing here draws random numbers.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from regie.demo.arrivals import TIMEZONE
from regie.demo.service import (
    CHAT,
    EMAIL,
    EMAIL_TEAM,
    NEVER,
    PHONE,
    SOCIAL,
    SOCIAL_TEAM,
    Contacts,
)

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]

MAPPING: Final = "telephony-mapping.toml"
TOPICS: Final = ("Algemeen", "Facturatie", "Verhuizing", "Storing", "Opzeggen")
SUBJECTS: Final = (
    "Vraag over mijn contract",
    "Vraag over mijn factuur",
    "Verhuizing doorgeven",
    "Storing melden",
    "Contract opzeggen",
)
PRIORITIES: Final = ("Low", "Normal", "High", "Urgent")
VIA: Final = {EMAIL: ("Mail", "Web Form"), SOCIAL: ("WhatsApp", "Facebook", "Instagram", "Twitter")}
TAGS: Final = ("algemeen", "facturatie", "verhuizing", "storing", "opzeggen")
STORING: Final = 3
ESCALATION_TAG: Final = "tweede_lijn"
CLOSED_AFTER_DAYS: Final = 4
TICKET_BASE: Final = 100_000
CONVERSATION_BASE: Final = 48_000_000
TEAM_BASE: Final = 7_000
ADMIN_BASE: Final = 5_100_000


def known(column: str, end: int) -> pl.Expr:
    """A time that had happened by ``end``."""
    value = pl.col(column)
    return (value != NEVER) & (value < end)


def local(value: pl.Expr | str, fmt: str = "%Y-%m-%d %H:%M:%S") -> pl.Expr:
    """UTC seconds as wall-clock text in the demo's time zone."""
    seconds = pl.col(value) if isinstance(value, str) else value
    utc = pl.from_epoch(seconds, time_unit="s").dt.replace_time_zone("UTC")
    return utc.dt.convert_time_zone(TIMEZONE).dt.strftime(fmt)


def label(column: str, names: tuple[str, ...]) -> pl.Expr:
    """Codes 0, 1, … as ``names``."""
    codes = list(range(len(names)))
    return pl.col(column).replace_strict(codes, list(names), return_dtype=pl.String)


def minutes(start: str, end: str) -> pl.Expr:
    return ((pl.col(end) - pl.col(start)) / 60).round(0).cast(pl.Int64)


def visible_rating(c: Contacts, end: int) -> Flags:
    """Ratings an export shows: after a call, or once the ticket or chat is solved."""
    solved = (c.resolved_at != NEVER) & (c.resolved_at < end)
    shown: Flags = (c.csat > 0) & ((c.channel == PHONE) | solved)
    return shown


COLUMNS: Final = (
    "at", "channel", "topic", "priority", "origin", "first_response", "resolved_at",
    "resolved_first", "escalated", "reopens", "csat", "nps", "customer", "agent",
    "abandoned", "wait", "talk", "hold", "wrap", "handle",
)  # fmt: skip


def columns(c: Contacts, rows: Ints) -> pl.DataFrame:
    """The contact arrays of ``rows`` as a frame (times in UTC seconds)."""
    data = {n: np.asarray(getattr(c, n))[rows] for n in COLUMNS}
    return pl.DataFrame(data).with_columns(pl.col("channel").cast(pl.Int64))


def business_minutes(c: Contacts, rows: Ints, end: Ints) -> NDArray[np.float64]:
    """Whole minutes from arrival to ``end`` on the team's calendar (NaN for NEVER)."""
    found = np.full(len(rows), np.nan)
    for code, team in ((EMAIL, EMAIL_TEAM), (SOCIAL, SOCIAL_TEAM)):
        mine = (c.channel[rows] == code) & (end != NEVER)
        begin, stop = c.at[rows][mine], end[mine]
        found[mine] = team.business_seconds(begin * 1_000_000, stop * 1_000_000) / 60
    whole: NDArray[np.float64] = np.rint(found)
    return whole


def _tags(separator: str) -> pl.Expr:
    escalated = pl.when(pl.col("escalated")).then(pl.lit(separator + ESCALATION_TAG))
    return label("topic", TAGS) + escalated.otherwise(pl.lit(""))


def _status(replied: pl.Expr, solved: pl.Expr, end: int) -> pl.Expr:
    closed = solved & (pl.col("resolved_at") < end - CLOSED_AFTER_DAYS * 86_400)
    return (
        pl.when(closed).then(pl.lit("Closed"))
        .when(solved).then(pl.lit("Solved"))
        .when(replied).then(pl.lit("Open"))
        .otherwise(pl.lit("New"))
    )  # fmt: skip


def _satisfaction(solved: pl.Expr) -> pl.Expr:
    """Zendesk's two-point survey, sent when a ticket is solved: 4–5 is Good."""
    return (
        pl.when(pl.col("rated") & (pl.col("csat") >= 4)).then(pl.lit("Good"))
        .when(pl.col("rated")).then(pl.lit("Bad"))
        .when(solved).then(pl.lit("Offered"))
        .otherwise(pl.lit("Not Offered"))
    )  # fmt: skip


def zendesk_frame(c: Contacts, end: int) -> pl.DataFrame:
    """E-mail and social tickets as Zendesk's ticket CSV export."""
    rows = np.flatnonzero((c.channel == EMAIL) | (c.channel == SOCIAL))
    frame = columns(c, rows).with_columns(
        pl.Series("rated", visible_rating(c, end)[rows]),
        pl.Series("reply_bh", business_minutes(c, rows, c.first_response[rows])),
        pl.Series("solve_bh", business_minutes(c, rows, c.resolved_at[rows])),
    )
    replied, solved = known("first_response", end), known("resolved_at", end)
    customer = pl.col("customer").cast(pl.String)
    last = pl.max_horizontal(
        "at", pl.when(replied).then("first_response"), pl.when(solved).then("resolved_at")
    )
    email = pl.col("channel") == EMAIL
    replies = 1 + pl.col("reopens") + (~pl.col("resolved_first")).cast(pl.Int64)
    return frame.select(
        (pl.int_range(pl.len()) + TICKET_BASE + 1).alias("ID"),
        (pl.lit("Klant ") + customer).alias("Requester"),
        customer.alias("Requester ID"),
        (pl.lit("klant") + customer + pl.lit("@example.nl")).alias("Requester email"),
        pl.when(replied).then(pl.lit("Agent ") + pl.col("agent").cast(pl.String)).alias("Assignee"),
        label("topic", TOPICS).alias("Group"),
        label("topic", SUBJECTS).alias("Subject"),
        _tags(" ").alias("Tags"),
        _status(replied, solved, end).alias("Status"),
        label("priority", PRIORITIES).alias("Priority"),
        pl.when(email).then(label("origin", VIA[EMAIL]))
        .otherwise(label("origin", VIA[SOCIAL])).alias("Via"),
        pl.when(pl.col("topic") == STORING).then(pl.lit("Incident"))
        .otherwise(pl.lit("Question")).alias("Ticket type"),
        local("at").alias("Created at"),
        local(last).alias("Updated at"),
        pl.when(solved).then(local("resolved_at")).alias("Solved at"),
        _satisfaction(solved).alias("Satisfaction Score"),
        pl.col("reopens").alias("Reopens"),
        pl.when(replied).then(replies).otherwise(0).alias("Replies"),
        pl.when(replied).then(minutes("at", "first_response"))
        .alias("First reply time in minutes"),
        pl.when(replied).then(pl.col("reply_bh").cast(pl.Int64))
        .alias("First reply time in minutes within business hours"),
        pl.when(solved).then(minutes("at", "resolved_at"))
        .alias("Full resolution time in minutes"),
        pl.when(solved).then(pl.col("solve_bh").cast(pl.Int64))
        .alias("Full resolution time in minutes within business hours"),
    )  # fmt: skip


def intercom_frame(c: Contacts, end: int) -> pl.DataFrame:
    """Chats as Intercom conversation objects (one row per conversation)."""
    rows = np.flatnonzero(c.channel == CHAT)
    frame = columns(c, rows).with_columns(pl.Series("rated", visible_rating(c, end)[rows]))
    replied, closed = known("first_response", end), known("resolved_at", end)
    customer = pl.col("customer").cast(pl.String)
    conversation = (pl.int_range(pl.len()) + CONVERSATION_BASE + 1).cast(pl.String)
    last = pl.max_horizontal(
        "at", pl.when(replied).then("first_response"), pl.when(closed).then("resolved_at")
    )
    rating = pl.struct(
        pl.col("csat").alias("rating"),
        pl.lit(None, pl.String).alias("remark"),
        pl.col("resolved_at").alias("created_at"),
    )
    return frame.select(
        pl.lit("conversation").alias("type"),
        conversation.alias("id"),
        pl.col("at").alias("created_at"),
        last.alias("updated_at"),
        pl.lit(None, pl.String).alias("title"),
        pl.when(closed).then(pl.lit("closed")).otherwise(pl.lit("open")).alias("state"),
        (~closed).alias("open"),
        pl.lit(True).alias("read"),
        pl.when(pl.col("priority") >= 2).then(pl.lit("priority"))
        .otherwise(pl.lit("not_priority")).alias("priority"),
        pl.when(replied).then(pl.col("agent") + ADMIN_BASE).alias("admin_assignee_id"),
        (pl.col("topic") + TEAM_BASE + 1).alias("team_assignee_id"),
        _source(conversation, customer).alias("source"),
        _contact_list(customer).alias("contacts"),
        _tag_list().alias("tags"),
        pl.when(pl.col("rated")).then(rating).alias("conversation_rating"),
        _statistics(replied, closed).alias("statistics"),
    )  # fmt: skip


def _source(conversation: pl.Expr, customer: pl.Expr) -> pl.Expr:
    author = pl.struct(pl.lit("user").alias("type"), customer.alias("id"))
    return pl.struct(
        pl.lit("conversation").alias("type"),
        (pl.lit("src-") + conversation).alias("id"),
        pl.lit("customer_initiated").alias("delivered_as"),
        pl.lit("").alias("subject"),
        (pl.lit("<p>") + label("topic", SUBJECTS) + pl.lit("</p>")).alias("body"),
        author.alias("author"),
    )


def _contact_list(customer: pl.Expr) -> pl.Expr:
    contact = pl.struct(pl.lit("contact").alias("type"), customer.alias("id"))
    return pl.struct(
        pl.lit("contact.list").alias("type"), pl.concat_list(contact).alias("contacts")
    )


def _tag_list() -> pl.Expr:
    topic = pl.struct(
        pl.lit("tag").alias("type"),
        pl.col("topic").cast(pl.String).alias("id"),
        label("topic", TAGS).alias("name"),
    )
    escalated = pl.struct(
        pl.lit("tag").alias("type"), pl.lit("9").alias("id"), pl.lit(ESCALATION_TAG).alias("name")
    )
    tags = pl.concat_list(topic, pl.when(pl.col("escalated")).then(escalated)).list.drop_nulls()
    return pl.struct(pl.lit("tag.list").alias("type"), tags.alias("tags"))


def _statistics(replied: pl.Expr, closed: pl.Expr) -> pl.Expr:
    close = pl.when(closed).then(pl.col("resolved_at"))
    parts = 2 + 2 * pl.col("reopens") + replied.cast(pl.Int64)
    return pl.struct(
        pl.lit("conversation_statistics").alias("type"),
        pl.col("at").alias("first_contact_reply_at"),
        pl.when(replied).then(pl.col("first_response")).alias("first_admin_reply_at"),
        close.alias("first_close_at"),
        close.alias("last_close_at"),
        pl.col("reopens").alias("count_reopens"),
        replied.cast(pl.Int64).alias("count_assignments"),
        parts.alias("count_conversation_parts"),
    )


def calls_frame(c: Contacts, self_service: Ints) -> pl.DataFrame:
    """The call log: every queued call, plus the ``self_service`` calls (arrival times)
    that ended in the voice menu, in time order with call ids."""
    rows = np.flatnonzero(c.channel == PHONE)
    queued = columns(c, rows).with_columns(_result().alias("result"))
    menu = pl.DataFrame({"at": self_service}).with_columns(pl.lit("IVR").alias("result"))
    log = pl.concat([queued, menu], how="diagonal_relaxed")
    log = log.sort("at", "result", maintain_order=True)  # ties keep arrival order
    answered = pl.col("result") == "ANSWERED"
    seconds = {
        n: pl.when(answered).then(pl.col(n).cast(pl.Int64)) for n in ("talk", "hold", "wrap")
    }
    handle = pl.col("handle").cast(pl.Int64)
    return log.select(
        (pl.lit("C") + (pl.int_range(pl.len()) + 10_000_001).cast(pl.String)).alias("call_id"),
        local("at", "%d-%m-%Y").alias("date"),
        local("at", "%H:%M:%S").alias("time"),
        label("topic", TOPICS).alias("queue"),
        _caller().alias("customer_number"),
        pl.col("result"),
        pl.col("wait").cast(pl.Int64).alias("wait"),
        pl.when(answered).then(local("first_response", "%H:%M:%S")).alias("answered"),
        seconds["talk"].alias("talk"),
        seconds["hold"].alias("hold"),
        seconds["wrap"].alias("wrap_up"),
        pl.when(answered).then(_clock(handle)).alias("handle_time"),
        pl.when(answered).then(pl.lit("A") + pl.col("agent").cast(pl.String)).alias("agent"),
        pl.when(answered).then(pl.when("escalated").then(pl.lit("ja")).otherwise(pl.lit("nee")))
        .alias("transferred"),
        pl.when(answered).then(
            pl.when("resolved_first").then(pl.lit("OPGELOST")).otherwise(pl.lit("OPVOLGING"))
        ).alias("wrap_code"),
        pl.when(pl.col("csat") > 0).then(pl.col("csat")).alias("survey_csat"),
        pl.when(pl.col("nps") >= 0).then(pl.col("nps")).alias("survey_nps"),
    )  # fmt: skip


def _result() -> pl.Expr:
    gave_up = pl.col("abandoned")
    return pl.when(gave_up).then(pl.lit("ABANDONED")).otherwise(pl.lit("ANSWERED"))


def _caller() -> pl.Expr:
    """The customer number the caller keyed in; ``anoniem`` when not identified."""
    identified = pl.col("origin") == 0
    number = pl.col("customer").cast(pl.String)
    menu = pl.col("result") == "IVR"
    return pl.when(menu).then(None).when(identified).then(number).otherwise(pl.lit("anoniem"))


def _clock(seconds: pl.Expr) -> pl.Expr:
    """Seconds as ``HH:MM:SS``."""
    parts = [seconds // 3600, (seconds % 3600) // 60, seconds % 60]
    return pl.format("{}:{}:{}", *(p.cast(pl.String).str.zfill(2) for p in parts))


def intercom_json(frame: pl.DataFrame) -> str:
    """The conversations as one page of ``GET /conversations``."""
    pages = f'{{"type":"pages","page":1,"per_page":{frame.height},"total_pages":1}}'
    head = f'{{"type":"conversation.list","pages":{pages},"total_count":{frame.height},'
    return head + '"conversations":' + frame.write_json() + "}\n"


def mapping_text() -> str:
    """The mapping file that reads the call log (shipped beside this module)."""
    return files("regie.demo").joinpath(MAPPING).read_text(encoding="utf-8")


def write_exports(folder: Path, c: Contacts, self_service: Ints, end: int) -> dict[str, Path]:
    """Write the three exports and the mapping into ``folder``; their paths by format."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "zendesk": folder / "zendesk-tickets.csv",
        "intercom": folder / "intercom-conversations.json",
        "mapped": folder / "telephony-calls.csv",
        "mapping": folder / MAPPING,
    }
    zendesk_frame(c, end).write_csv(paths["zendesk"])
    paths["intercom"].write_text(intercom_json(intercom_frame(c, end)), encoding="utf-8")
    calls_frame(c, self_service).write_csv(paths["mapped"], separator=";")
    paths["mapping"].write_text(mapping_text(), encoding="utf-8")
    return paths
