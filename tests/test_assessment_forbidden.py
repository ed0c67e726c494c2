"""The one list of forbidden bases: what it flags and what it leaves alone."""
from hypothesis import given
from hypothesis import strategies as st

from dangjian.assessment.forbidden import FORBIDDEN_BASES, forbidden_bases


def test_every_forbidden_word_is_flagged_as_its_own_base():
    for code, words in FORBIDDEN_BASES.items():
        for word in words:
            assert code in forbidden_bases(f"按{word}计分"), word


def test_the_demo_scheme_names_pass():
    names = ["第一议题学习落实", "集中轮训参训（按名额到课，不计学习时长）", "三会一课按期落实",
             "违纪案件（诫勉 1 / 轻处分 3 / 重处分 5 / 移送司法 8）", "书记“三个一清单”推进",
             "meeting_compliance", "first_agenda", "sit_in_checklist", "course_seats_filled"]
    assert [n for n in names if forbidden_bases(n)] == []


def test_real_offenders_are_flagged():
    assert forbidden_bases("网上学习时长达标率") == ["study_time"]
    assert forbidden_bases("每日打卡、点赞转发") == ["check_ins", "likes", "shares"]
    assert forbidden_bases("online_time_minutes") == ["time_online"]    # "_" separates words
    assert forbidden_bases("likelihood, trackless") == []
    assert forbidden_bases("time_online") == ["time_online"]
    assert forbidden_bases("photo_count") == ["photos"]


words = [(code, w) for code, ws in FORBIDDEN_BASES.items() for w in ws if not w.isascii()]


@given(st.text(alphabet="按考核达标率分数月度年终的，、", max_size=20), st.sampled_from(words),
       st.sampled_from(["不计", "不得", "禁止", "严禁", "不以"]))
def test_a_word_is_flagged_unless_it_is_negated(prefix, code_word, negation):
    code, word = code_word
    assert code in forbidden_bases(prefix + word)
    assert code not in forbidden_bases(prefix + negation + word)
