"""The reports as mail: a manager's weekly roll-up with the team's trackers, a rep's own tracker,
and the nightly digest of new moments. Builds messages only; pipeline/batch/mail.py sends them.

Each message is HTML with a plain-text alternative (the Markdown reports). The trend charts travel
as inline images (`cid:`), not the data URIs of the standalone pages: mail clients such as Gmail
do not show data URIs. A rep's copy is the app's (`build_tracker(for_rep=True)`): no concern
before the conversation about it was held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from urllib.parse import quote

from pipeline.coaching.focus import rep_focus
from pipeline.coaching.wording import behaviour_label, call_words, deal_name
from pipeline.config import Settings
from pipeline.reports.period import Period
from pipeline.reports.render import environment, render_markdown, render_team_markdown, stylesheet, trend_chart_png
from pipeline.reports.rollup import team_rollup, team_trackers
from pipeline.reports.tracker import Tracker, build_tracker
from pipeline.store import Store
from pipeline.store import deliveries as delivery_sql

WEEKLY_TEAM, WEEKLY_REP, DIGEST = "weekly_team", "weekly_rep", "digest"
FOOTER = (
    "You receive this because your coachloop account has an e-mail address. To stop it, ask whoever runs"
    " coachloop to run `coachloop users set {user_id} --no-email`."
)


@dataclass(frozen=True)
class Mail:
    """One message for one recipient, with what its delivery record needs."""

    recipient: dict  # user_id, role, display_name, email
    kind: str  # weekly_team | weekly_rep | digest
    period: str
    message: EmailMessage
    loaded_until: datetime | None = None  # a digest: the newest call load it covers


def app_link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _message(
    settings: Settings, recipient: dict, subject: str, text: str, html: str, images: dict[str, bytes]
) -> EmailMessage:
    """Plain text, then HTML with its images as related parts (`images`: content id -> PNG)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.email.sender
    message["To"] = formataddr((recipient["display_name"], recipient["email"]))
    message["Message-ID"] = make_msgid(domain=_sender_domain(settings))
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    html_part = message.get_payload()[1]
    for content_id, png in images.items():
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{content_id}>")
    return message


def _sender_domain(settings: Settings) -> str:
    # make_msgid's default asks the resolver for this host's name: slow, and it names the machine.
    return parseaddr(settings.email.sender)[1].rpartition("@")[2] or "coachloop.invalid"


# -- the weekly reports ---------------------------------------------------------------------------


def _charts(trackers: tuple[Tracker, ...], settings: Settings) -> tuple[list[tuple[Tracker, str | None]], dict]:
    """Each tracker with its chart's `cid:` source (None: no chart), and the PNGs by content id."""
    domain, pairs, images = _sender_domain(settings), [], {}
    for tracker in trackers:
        png = trend_chart_png(tracker, settings.coaching.focus_gap_rate)
        if png is None:
            pairs.append((tracker, None))
            continue
        content_id = make_msgid(idstring=f"chart-{tracker.rep_id}", domain=domain)[1:-1]
        images[content_id] = png
        pairs.append((tracker, f"cid:{content_id}"))
    return pairs, images


def _weekly(settings: Settings, recipient: dict, kind: str, period: Period, trackers, rollup=None) -> Mail:
    base = settings.web.base_url
    team = kind == WEEKLY_TEAM
    subject = f"coachloop: {'your team' if team else 'your'} coaching report, {period.in_words}"
    app_url = app_link(base, "/reports" if team else "/me")
    greeting = f"Hello {recipient['display_name']}, here is the coaching report for {period.in_words}."
    footer = FOOTER.format(user_id=recipient["user_id"])
    pairs, images = _charts(trackers, settings)
    html = environment.get_template("mail_reports.html").render(
        subject=subject,
        greeting=greeting,
        r=rollup,
        trackers=pairs,
        report_url=lambda rep_id: app_link(base, f"/reports/{quote(rep_id, safe='')}"),
        app_url=app_url,
        footer=footer,
        stylesheet=stylesheet(),
    )
    parts = ([render_team_markdown(rollup)] if rollup else []) + [render_markdown(t) for t in trackers]
    text = "\n\n".join([greeting, *parts, f"Open it in coachloop: {app_url}", footer]) + "\n"
    return Mail(recipient, kind, str(period), _message(settings, recipient, subject, text, html, images))


def team_mail(store: Store, manager: dict, settings: Settings, period: Period) -> Mail | None:
    """A manager's Monday mail: the roll-up of their team and each rep's tracker. None: no team."""
    trackers = team_trackers(store, manager["user_id"], settings.coaching, period)
    if not trackers:
        return None
    rollup = team_rollup(store, manager["user_id"], settings.coaching, period, trackers=trackers)
    return _weekly(settings, manager, WEEKLY_TEAM, period, trackers, rollup)


def rep_mail(store: Store, rep: dict, settings: Settings, period: Period) -> Mail:
    """A rep's own copy of their tracker, as the app shows it to them."""
    tracker = build_tracker(store, rep["user_id"], settings.coaching, period, for_rep=True)
    return _weekly(settings, rep, WEEKLY_REP, period, (tracker,))


# -- the nightly digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RepMoments:
    rep_id: str
    rep_name: str
    moments: int
    focus: tuple[str, ...]
    in_focus: tuple[dict, ...]  # the moments on the rep's focus, each with its `url` in the app


@dataclass(frozen=True)
class Digest:
    manager_id: str
    moments: int
    reps: tuple[RepMoments, ...] = field(default_factory=tuple)
    queue_url: str = ""

    @property
    def headline(self) -> str:
        """'7 new moments, 3 in Ben's focus: budget before demo'."""
        parts = [f"{self.moments} new moment{'s' if self.moments != 1 else ''}"]
        parts += [
            f"{len(rep.in_focus)} in {rep.rep_name}'s focus: {', '.join(map(behaviour_label, rep.focus))}"
            for rep in self.reps
            if rep.in_focus
        ]
        return ", ".join(parts)


def build_digest(store: Store, manager_id: str, settings: Settings, after: datetime, until: datetime) -> Digest:
    """The open moments of the manager's reps in calls loaded after `after` up to `until`."""
    base = settings.web.base_url
    moments = delivery_sql.new_moments(store, manager_id, after, until)
    reps = []
    for rep_id in dict.fromkeys(sorted(m["rep_id"] for m in moments)):
        own = [m for m in moments if m["rep_id"] == rep_id]
        focus = rep_focus(store, rep_id, settings.coaching).behaviours
        in_focus = tuple(
            {**m, "url": app_link(base, f"/moments/{quote(m['call_id'], safe='')}/{quote(m['behaviour'], safe='')}")}
            for m in own
            if m["behaviour"] in focus
        )
        reps.append(RepMoments(rep_id, own[0]["rep_name"], len(own), focus, in_focus))
    return Digest(manager_id, len(moments), tuple(reps), app_link(base, "/queue"))


def _moment_call(moment: dict) -> str:
    """The call of a digest's moment in words, with the deal's account when known."""
    deal = f", {deal_name(moment['deal_id'], moment['account_name'])}" if moment.get("account_name") else ""
    return call_words(moment, moment["call_id"]) + deal


def _digest_text(digest: Digest, recipient: dict) -> str:
    lines = [digest.headline + ".", ""]
    for rep in digest.reps:
        focus = (
            f", {len(rep.in_focus)} on the focus ({', '.join(map(behaviour_label, rep.focus))})" if rep.focus else ""
        )
        lines.append(f"{rep.rep_name}: {rep.moments} new moment{'s' if rep.moments != 1 else ''}{focus}")
        lines += [
            f"  - {behaviour_label(m['behaviour'])} ({m['kind']}), {_moment_call(m)}: {m['url']}" for m in rep.in_focus
        ]
    lines += ["", f"Open the queue: {digest.queue_url}", "", FOOTER.format(user_id=recipient["user_id"])]
    return "\n".join(lines) + "\n"


def digest_mail(store: Store, manager: dict, settings: Settings) -> Mail | None:
    """The manager's digest of the calls loaded since their last digest; None when nothing new."""
    after, until = delivery_sql.digest_window(store, manager["user_id"])
    if until is None or after >= until:
        return None
    digest = build_digest(store, manager["user_id"], settings, after, until)
    if not digest.moments:
        return None
    subject = f"coachloop: {digest.headline}"
    html = environment.get_template("mail_digest.html").render(
        subject=subject, d=digest, footer=FOOTER.format(user_id=manager["user_id"]), stylesheet=stylesheet()
    )
    message = _message(settings, manager, subject, _digest_text(digest, manager), html, {})
    period = f"calls loaded {after:%Y-%m-%d %H:%M:%S} to {until:%Y-%m-%d %H:%M:%S}"
    return Mail(manager, DIGEST, period, message, loaded_until=until)
