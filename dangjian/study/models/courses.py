"""Training courses (培训班), the lecture series, youth study groups and mentoring pairs.

Attendance is ticked by the organiser; nothing here counts study time or ranks people.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    SECRETARY = "secretary", _("书记培训")
    PARTY_WORKER = "party_worker", _("党务干部培训")
    LECTURE = "lecture", _("干部大讲堂")
    YOUTH = "youth", _("青年理论学习小组")
    OTHER = "other", _("其他")


class Course(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=15, choices=CourseKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    capacity = models.PositiveIntegerField(_("名额"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    organiser = models.CharField(_("主办"), max_length=100, blank=True)
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")

    def __str__(self):
        return self.name


class CourseSession(models.Model):
    """One session of a course, e.g. one lecture of the 干部大讲堂."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    speaker = models.CharField(_("主讲"), max_length=50, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("课次")
        verbose_name_plural = _("课次")

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class EnrolmentRole(models.TextChoices):
    SECRETARY = "secretary", _("党组织书记")
    PARTY_WORKER = "party_worker", _("专兼职党务干部")
    OTHER = "other", _("其他")


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey("orgs.Member", verbose_name=_("学员"), on_delete=models.CASCADE,
                               related_name="enrolments")
    role = models.CharField(_("身份"), max_length=15, choices=EnrolmentRole.choices,
                            default=EnrolmentRole.SECRETARY)
    attended = models.BooleanField(_("参训"), default=False,
                                   help_text=_("不分课次的培训班按整班登记"))
    completed = models.BooleanField(_("结业"), default=False)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="enrolment_unique")]


class SessionAttendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="session_attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"],
                                               name="session_attendance_unique")]


class YouthGroup(models.Model):
    """青年理论学习小组: a standing group with members, usually inside one unit."""

    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="youth_groups")
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    members = models.ManyToManyField("orgs.Member", through="YouthGroupMember", related_name="youth_groups")

    class Meta:
        ordering = ["unit__sort", "id"]
        verbose_name = _("青年理论学习小组")
        verbose_name_plural = _("青年理论学习小组")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="youth_group_unique")]

    def __str__(self):
        return self.name


class YouthGroupMember(models.Model):
    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="youth_group_member_unique")]


class MentoringPair(models.Model):
    """青蓝结对: an experienced mentor and a young mentee in one unit."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="mentoring_pairs")
    mentor = models.ForeignKey("orgs.Member", verbose_name=_("导师"), on_delete=models.CASCADE,
                               related_name="+")
    mentee = models.ForeignKey("orgs.Member", verbose_name=_("青年干部"), on_delete=models.CASCADE,
                               related_name="+")
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        ordering = ["unit__sort", "-started_on", "id"]
        verbose_name = _("青蓝结对")
        verbose_name_plural = _("青蓝结对")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], condition=models.Q(ended_on__isnull=True),
                                    name="mentoring_pair_active_unique"),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")),
                                   name="mentoring_pair_distinct"),
        ]
