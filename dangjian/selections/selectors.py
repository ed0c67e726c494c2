"""Reads of selection rounds: lists with a constant number of queries, aggregates once review
is closed, and the winners in order for the booklet builder."""
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from .models import Assignment, Nomination, NominationFile, Objection, Round, Score, Title

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def round_nominations(round, nominations):
    """A round's nominations (from a visible_* QuerySet) with what the lists show: unit,
    subject, how many reviewers scored; one query plus the prefetch of files."""
    return (nominations.filter(round=round).select_related("unit", "branch", "member")
            .annotate(assigned=Count("assignments", distinct=True),
                      scored=Count("assignments", filter=Q(assignments__scores__isnull=False), distinct=True))
            .prefetch_related(Prefetch("files", queryset=NominationFile.objects.order_by("id")))
            .order_by("rank", "id"))


def my_assignments(assignments):
    """A reviewer's assignments with their own score sheet, blind: nothing of other reviewers."""
    return (assignments.select_related("nomination__unit", "grant__round")
            .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
            .annotate(n_scores=Count("scores"))
            .order_by("grant__round_id", "nomination_id"))


def round_progress(round) -> dict:
    """Counts only (no points) while review is sealed."""
    return Assignment.objects.filter(grant__round=round).aggregate(
        assigned=Count("id"), scored=Count("id", filter=Q(scores__isnull=False), distinct=True))


def notice_objections(round):
    return (Objection.objects.filter(notice__round=round).select_related("nomination", "raised_by", "answered_by")
            .order_by("id"))


def titles_with_history(titles):
    return (titles.select_related("branch__unit", "round", "revoked_by")
            .prefetch_related("checks").order_by("-granted_on", "branch__name", "id"))


@dataclass
class Winner:
    name: str
    unit: str
    title: str
    materials: str
    images: list = field(default_factory=list)     # file paths of the image attachments
    files: list = field(default_factory=list)      # every attachment's path


def round_winners(round, *, by_unit=False) -> list[Winner]:
    """Each winner of a closed round, in rank order (by unit with ``by_unit``, as anything
    published lists them): the subject's name, the unit, the title nominated under and the
    materials (text and the paths of the files, images apart)."""
    rows = (Nomination.objects.filter(round=round, winner=True).select_related("unit", "branch", "member")
            .prefetch_related(Prefetch("files", queryset=NominationFile.objects.order_by("id")))
            .order_by(*(("unit__sort", "unit_id", "id") if by_unit else ("rank", "id"))))
    out = []
    for n in rows:
        subject = n.branch or n.member or None
        paths = [f.file.path for f in n.files.all()]
        out.append(Winner(name=str(subject) if subject else n.title, unit=n.unit.name, title=n.title,
                          materials=n.materials, images=[p for p in paths if p.lower().endswith(IMAGE_EXTENSIONS)],
                          files=paths))
    return out


def winners_by_kind() -> dict:
    """{kind code: winners} over closed rounds (the demo overview)."""
    rows = (Nomination.objects.filter(winner=True, round__status=Round.Status.CLOSED)
            .values_list("round__kind__code").annotate(n=Count("id")))
    return dict(rows)


def active_titles():
    return Title.objects.filter(status=Title.Status.ACTIVE)


def year_winners_by_kind(user, year: int) -> dict:
    """{kind code: winners} of the rounds of ``year`` that have closed, nominated by the units
    ``user``'s VIEW_SELECTIONS reaches (a zone's review counts its zone's winners). One query."""
    from dangjian.accounts.gatekeeper import can, unit_filter
    from dangjian.accounts.roles import VIEW_SELECTIONS

    if not can(user, VIEW_SELECTIONS):
        return {}
    rows = (Nomination.objects.filter(unit_filter(user, "unit__", VIEW_SELECTIONS), winner=True,
                                      round__status=Round.Status.CLOSED, round__year=year)
            .order_by().values_list("round__kind__code").annotate(n=Count("id")))
    return dict(rows)
