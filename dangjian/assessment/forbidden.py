"""The one list of bases no indicator, metric or selection may score (为基层减负).

National rules (《整治形式主义为基层减负若干规定》, the 2023 opinions on "指尖上的形式主义",
国办函〔2026〕12号) forbid judging work by logins, time online or studying, check-ins, points
rankings, likes, votes, shares, photos, videos or tracks, or by whether notes were made. Every
indicator and metric is checked against this list before a scheme is published, and the burden
tests check every model field and registered metric against it.
"""
import re

# code -> the words that name it in Chinese (and in English field or parameter names).
FORBIDDEN_BASES = {
    "logins": ("登录次数", "登录频次", "login"),
    "time_online": ("在线时长", "在线时间", "online_time", "time_online"),
    "study_time": ("学习时长", "学习时间", "study_time", "study_minutes", "study_hours"),
    "check_ins": ("打卡", "签到", "check_in", "checkin"),
    "points_ranking": ("积分", "积分排名", "points_rank"),
    "likes": ("点赞", "like_count", "likes"),
    "votes": ("投票数", "票数", "vote_count"),
    "shares": ("转发", "分享数", "share_count"),
    "photos": ("照片数", "拍照留痕", "photo_count", "photos"),
    "videos": ("视频数", "video_count"),
    "tracks": ("轨迹", "track"),
    "notes": ("学习笔记", "笔记数", "note_count"),
    "usage": ("使用次数", "使用频次", "访问次数", "usage", "page_views"),
}

# A word right after one of these is named as what is *not* done ("不计学习时长").
NEGATIONS = ("不计", "不以", "不得", "不作", "不把", "禁止", "严禁", "不", "无", "非")
_LOOKBEHIND = max(map(len, NEGATIONS))


def _word_pattern(word):
    if word.isascii():
        return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(word))


_PATTERNS = [(code, _word_pattern(word)) for code, words in FORBIDDEN_BASES.items() for word in words]


def forbidden_bases(text: str) -> list[str]:
    """Codes of the forbidden bases ``text`` (a name, basis, input or parameter) would score,
    sorted. A word preceded by a negation (不计学习时长) does not count, nor does a shorter
    word inside it (票数 in 不计投票数)."""
    text = text or ""
    matches = [(code, m.start(), m.end()) for code, pattern in _PATTERNS for m in pattern.finditer(text)]
    negated = [(start, end) for _code, start, end in matches
               if any(text[max(0, start - _LOOKBEHIND):start].endswith(neg) for neg in NEGATIONS)]
    return sorted({code for code, start, end in matches
                   if not any(s <= start and end <= e for s, e in negated)})
