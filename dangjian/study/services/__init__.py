"""Writes of committee-run study: keyword-only, atomic, audited, raising ValidationError."""
from .bases import (
    booking_cancel, booking_complete, booking_create, education_base_create, education_base_update,
)
from .courses import (
    attendance_record, completion_record, course_create, course_session_create, course_update,
    enrolment_create, enrolment_withdraw, roster_record,
)
from .sitins import (
    sit_in_cancel, sit_in_complete, sit_in_create, sit_in_plan_ensure, sit_in_plan_fill, sit_in_update,
)
from .youth import (
    mentoring_pair_create, mentoring_pair_end, youth_group_create, youth_group_member_add,
    youth_group_member_remove,
)

__all__ = [
    "booking_cancel", "booking_complete", "booking_create", "education_base_create",
    "education_base_update",
    "attendance_record", "completion_record", "course_create", "course_session_create", "course_update",
    "enrolment_create", "enrolment_withdraw", "roster_record",
    "sit_in_cancel", "sit_in_complete", "sit_in_create", "sit_in_plan_ensure", "sit_in_plan_fill",
    "sit_in_update",
    "mentoring_pair_create", "mentoring_pair_end", "youth_group_create", "youth_group_member_add",
    "youth_group_member_remove",
]
