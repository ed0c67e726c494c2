"""Committee-run study: central group sit-ins, training courses, youth study, education bases."""
from .bases import BaseLevel, Booking, BookingStatus, EducationBase, Slot
from .courses import (
    Course, CourseKind, CourseSession, Enrolment, EnrolmentRole, MentoringPair, SessionAttendance,
    YouthGroup, YouthGroupMember,
)
from .sitins import ChecklistItem, SitIn, SitInPlan, SitInResult, SitInStatus

__all__ = [
    "BaseLevel", "Booking", "BookingStatus", "EducationBase", "Slot",
    "Course", "CourseKind", "CourseSession", "Enrolment", "EnrolmentRole", "MentoringPair",
    "SessionAttendance", "YouthGroup", "YouthGroupMember",
    "ChecklistItem", "SitIn", "SitInPlan", "SitInResult", "SitInStatus",
]
