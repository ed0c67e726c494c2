"""The committee's registry: zones, units, county committees, party orgs and members."""
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.lib import crypto, masking


class Zone(models.Model):
    """党建协作区: a group of units that coordinate joint activities."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    lead_unit = models.ForeignKey(
        "Unit", verbose_name=_("牵头单位"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    rules = models.TextField(_("运行规则"), blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("党建协作区")
        verbose_name_plural = _("党建协作区")

    def __str__(self):
        return self.name


class UnitCategory(models.Model):
    """单位类别, an editable list (党政机关, 事业单位, 群团组织, …)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("单位类别")
        verbose_name_plural = _("单位类别")

    def __str__(self):
        return self.name


class Unit(models.Model):
    """市直单位."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    category = models.ForeignKey(UnitCategory, verbose_name=_("单位类别"), on_delete=models.PROTECT)
    zone = models.ForeignKey(
        Zone, verbose_name=_("党建协作区"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="units",
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("市直单位")
        verbose_name_plural = _("市直单位")

    def __str__(self):
        return self.name


class CountyCommittee(models.Model):
    """县(市、区)、开发区机关工委: guided bodies, registered beside the units."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县(市、区)机关工委")
        DEV_ZONE = "devzone", _("开发区机关工委")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.COUNTY)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("县(市、区)机关工委")
        verbose_name_plural = _("县(市、区)机关工委")

    def __str__(self):
        return self.name


class OrgType(models.TextChoices):
    ORGAN_COMMITTEE = "organ_committee", _("机关党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    JOINT_BRANCH = "joint_branch", _("联合党支部")
    TEMPORARY_BRANCH = "temporary_branch", _("临时党支部")


BRANCH_TYPES = (OrgType.BRANCH, OrgType.JOINT_BRANCH, OrgType.TEMPORARY_BRANCH)


class PartyOrgQuerySet(models.QuerySet):
    def branches(self):
        return self.filter(type__in=BRANCH_TYPES)

    def active(self):
        return self.filter(dissolved=False)

    def subtree_of(self, org):
        return self.filter(path__startswith=org.path)


class PartyOrg(models.Model):
    """A party organization; the tree is kept as a materialised path of ids ("/3/17/")."""

    name = models.CharField(_("党组织名称"), max_length=150)
    type = models.CharField(_("类型"), max_length=20, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级党组织"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="party_orgs",
    )
    covered_units = models.ManyToManyField(
        Unit, verbose_name=_("联合单位"), blank=True, related_name="joint_orgs",
        help_text=_("联合党支部覆盖的单位，最多 5 个"),
    )
    secretary_name = models.CharField(_("书记"), max_length=50, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    term_start = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届任期届满"), null=True, blank=True)
    has_committee = models.BooleanField(_("设支部委员会"), default=False)
    group_count = models.PositiveSmallIntegerField(_("党小组数"), default=0)
    dissolved = models.BooleanField(_("已撤销"), default=False)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    # Current and full members, kept by orgs.counts.member_counts_refresh (never edited by hand).
    members_current = models.PositiveIntegerField(default=0, editable=False)
    members_full = models.PositiveIntegerField(default=0, editable=False)

    objects = PartyOrgQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        indexes = [models.Index(fields=["unit", "type"]), models.Index(fields=["term_end"])]

    def __str__(self):
        return self.name

    @property
    def is_branch(self):
        return self.type in BRANCH_TYPES

    def ancestor_ids(self):
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class MemberStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class MemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)

    def full(self):
        return self.filter(status=MemberStatus.FULL)


class Member(models.Model):
    """党员. ID number and phone are encrypted; ``id_number_hash`` finds a member by ID."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    education = models.CharField(_("学历"), max_length=20, blank=True)
    status = models.CharField(_("人员类别"), max_length=15, choices=MemberStatus.choices)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    full_on = models.DateField(_("转正日期"), null=True, blank=True)
    branch = models.ForeignKey(
        PartyOrg, verbose_name=_("所在党支部"), on_delete=models.PROTECT, related_name="members",
    )
    post = models.CharField(_("工作岗位"), max_length=100, blank=True)
    id_number_enc = models.TextField(blank=True, default="", editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=20, blank=True, default="", editable=False)
    phone_enc = models.TextField(blank=True, default="", editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, default="", editable=False)
    user = models.OneToOneField(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="member",
    )
    left_on = models.DateField(_("离开日期"), null=True, blank=True)
    # Bumped by every edit; an edit made on an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="member_unique_id_number",
            ),
        ]
        indexes = [
            # current members of a branch: counts and roster pages read only this index
            models.Index(fields=["branch", "id"], condition=Q(left_on__isnull=True),
                         name="member_current_branch_idx"),
            # name search by prefix (opclasses apply on PostgreSQL; SQLite ignores them)
            models.Index(fields=["name"], opclasses=["varchar_pattern_ops"], condition=Q(left_on__isnull=True),
                         name="member_current_name_idx"),
        ]

    def __str__(self):
        return self.name

    # Personal data goes in and out only through these; masks are kept beside the ciphertext
    # so list pages never decrypt.
    def set_id_number(self, value: str):
        value = (value or "").strip().upper()
        self.id_number_enc = crypto.encrypt(value)
        self.id_number_hash = crypto.keyed_hash(value)
        self.id_number_masked = masking.mask_id_number(value)

    def set_phone(self, value: str):
        value = (value or "").strip()
        self.phone_enc = crypto.encrypt(value)
        self.phone_masked = masking.mask_phone(value)

    def reveal_id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    def reveal_phone(self) -> str:
        return crypto.decrypt(self.phone_enc)


class MemberTransfer(models.Model):
    """History of a member's moves between branches."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_branch = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    to_branch = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField(_("转移日期"), default=date.today)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]


class OrgMove(models.Model):
    """History of an org being placed under another parent."""

    org = models.ForeignKey(PartyOrg, on_delete=models.CASCADE, related_name="moves")
    from_parent = models.ForeignKey(PartyOrg, null=True, on_delete=models.PROTECT, related_name="+")
    to_parent = models.ForeignKey(PartyOrg, null=True, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField(_("调整日期"), default=date.today)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]


class DataKeyCheck(models.Model):
    """The check value of the DATA_KEY the members' ID numbers and phones are encrypted under
    (one row). Written on the first migrate or start, replaced by rotate_data_key; a server
    whose DATA_KEY does not give this value refuses to start (dangjian/orgs/datakey.py)."""

    value = models.CharField(max_length=64)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="data_key_check_single_row")]
