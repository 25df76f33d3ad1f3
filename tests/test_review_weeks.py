"""The weekly review's words, checked against weeks worked out by hand (see review_weeks.py).

Each figure below is counted from the fixture by hand, with the arithmetic in a comment.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from attachjournal.core import prompts as prompts_module
from attachjournal.core.review import Period
from attachjournal.core.review_shown import closing_questions
from attachjournal.views.review_json import to_json
from review_weeks import W47, Week, at, hard_week, label, ordinary_week, rendered, said

MONDAY_AFTER = at(23, 12)  # the week is over
WEDNESDAY = at(18, 21)  # the week is half-way


def test_ordinary_week_counts_in_words():
    review = ordinary_week().review(MONDAY_AFTER)
    text = said(rendered(review))
    # Check-ins Mon, Tue, Wed, Thu, Fri, Sat: 6 of the 7 days, one each.
    assert "Checked in on 6 of 7 days." in text
    # R1 R2 R3 came back; R4 (Sam) marked no repair needed: 3 of the 3 that wanted one.
    assert "4 ruptures (with Maya: 2, Leo: 1, Sam: 1)." in text
    assert "3 of 3 ruptures came back together; 1 marked no repair needed." in text
    # 30 min (R1), 120 min (R2), 16 h = 960 min (R3) -> median 120 min = 2 h.
    assert "My own median time to come back: 2 h (over 3 repairs)." in text
    assert "Coming back later, once calm, counts as much as coming back at once." in text
    assert "A heavy week" not in text
    assert "%" not in text


def test_ordinary_week_filled_drained_and_feelings_in_days_and_counts():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    # refill: sleep Mon+Tue = 2 days; outdoors Mon+Sat = 2; friends Fri 1; play Fri 1.
    assert (
        "What filled me: enough sleep on 2 days; time outside on 2 days; "
        "time with a friend on 1 day; play or laughter on 1 day." in text
    )
    # drain: work Mon+Tue = 2; chores Tue 1; poor sleep Thu 1; no break Thu 1.
    assert (
        "What drained me: work on 2 days; chores and logistics on 1 day; "
        "not enough sleep on 1 day; no break at all on 1 day." in text
    )
    # feelings per check-in: calm Mon+Fri 2, tired Tue+Thu 2, then grateful, irritable, joyful.
    assert "Feelings I named: calm 2; tired 2; grateful 1; irritable 1; joyful 1." in text
    # kind_to_self on Mon 4, Tue 3, Fri 5, as given (no mean, no score).
    assert "How kind I was to myself (1-5): 4, 3, 5." in text


def test_good_moments_come_before_the_ruptures_timeline():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    good = text.index("Good moments, in my own words")
    assert good < text.index("Ruptures and repairs") < text.index("Day by day")
    assert "Mon 16 Nov: a serve and return: “Maya pointed at the crane" in text
    assert "Mon 16 Nov: felt close: “Sam made tea without asking”" in text
    # The echo marked "keep" is a good moment too.
    assert "Tue 17 Nov: an echo I want to keep: “My dad's joke about the rain”" in text
    moves = f"{label('repair', 'moves', 'touch')}; {label('repair', 'moves', 'soft_voice')}"
    assert f"Thu 19 Nov: came back together with Leo ({moves})." in text
    # R3's repair (Sun 22) also says what helped me settle: time, then breathing.
    settle = (
        f"{label('repair', 'settled_by', 'time')}; {label('repair', 'settled_by', 'breathing')}"
    )
    assert "Sun 22 Nov: came back together with Maya (" in text
    assert f"; what helped me settle: {settle}." in text


def test_under_the_ruptures_counts_choices_and_quotes_guesses():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    # my_feelings: frustrated R1+R3 = 2, overwhelmed R2, flooded R3.
    flooded = label("rupture", "my_feelings", "flooded")
    assert f"What I felt: frustrated 2; overwhelmed 1; {flooded} 1." in text
    # my_need: cooperation R1+R3 = 2, rest R2+R3 = 2.
    assert "What I needed: cooperation 2; rest 2." in text
    assert f"What I guessed they needed: {label('rupture', 'their_needs', 'help')} 1;" in text
    assert "my guess at their side: “She didn't want to leave her tower”" in text
    # Repairs R1 me, R2 them, R3 together.
    assert "Who reached out first: I did 1; they did 1; we found each other together 1." in text
    # settled_by: breathing R1+R3 = 2, time R3 = 1; the older yes/no still counts (R2).
    assert f"What helped me settle: {label('repair', 'settled_by', 'breathing')} 2;" in text
    assert "Calmed myself before reaching out: yes 1." in text
    assert "How sure I was of my guesses (1-5): 3, 4." in text


def test_next_time_comes_back_with_the_next_repair_with_that_person():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    assert "Tue 17 Nov, with Maya: “Give her a two-minute warning”" in text
    # The next repair with Maya is R3's, on Sun 22: named it, said what I'll try next time.
    assert (
        "The next repair with Maya (Sun 22 Nov): I named what happened; "
        "I said what I'll try next time." in text
    )


def test_what_went_together_and_resourced_on_rupture_days():
    review = ordinary_week().review(MONDAY_AFTER)
    text = said(rendered(review))
    # contexts: i_tired R1+R2 = 2, transition R2+R3 = 2, rushing 1, work_stress 1: a tie, no winner.
    assert "Most often around them" not in text
    # 07:40 morning; 18:30, 17:15, 19:00 evening: 3 of 4 evening, a clear lead.
    assert "Time of day: morning 1, evening 3. Most often: evening (3 of 4)." in text
    # One on each of Tue, Thu, Sat, Sun: counts only.
    assert "Days: Tuesday 1, Thursday 1, Saturday 1, Sunday 1." in text
    # resourced_then: R1 2, R2 2 -> both at 1-2.
    assert "Running low just before (resourced 1-2): 2 of the 2 ruptures where I noted it." in text
    # Rupture days: Tue 2 and Thu 2 ("just before"), Sat 3 (check-in; Sun has neither):
    # (2 + 2 + 3) / 3 = 2.33 -> 2.3. Other days: Mon 4, Wed 5, Fri 4 -> 13 / 3 = 4.33 -> 4.3.
    assert (
        "Resourced on days with a rupture: 2.3 on average over 3 days, 2 of them from "
        "'just before'; other days: 4.3 over 3 days." in text
    )


def test_moves_by_how_often_with_closeness_beside_each():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    # named R1 (4) + R3 (4) = 2; then one each, in id order: next_time (4), soft_voice (5),
    # sorry (4), touch (5). Never ordered by the closeness afterwards.
    assert "I named what happened: 2 (afterwards: 4, 4)" in text
    order = [
        text.index(f"{label('repair', 'moves', m)}: 1")
        for m in ("next_time", "soft_voice", "sorry", "touch")
    ]
    assert order == sorted(order)


def test_serve_and_return_counts_old_and_new_answers():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    # Answered: Mon yes, Tue yes, Thu no (serve_noticed), Fri "1-2" (the older count): 3 of 4.
    assert "Noticed a serve-and-return moment on 3 of the 4 days I answered." in text
    # steps: focus Mon+Tue 2, name 1, wait 1.
    assert f"What those moments held: {label('reflect', 'serve_steps', 'focus')} 2;" in text


def test_beside_the_week_before_shows_both_sides_without_arrows():
    review = ordinary_week().review(MONDAY_AFTER)
    text = said(rendered(review))
    # W46: check-ins Mon 9 and Wed 11 of 7 days (the journal began Mon 9); one rupture,
    # repaired after 20 min.
    assert "check-in days 6 of 7 2 of 7" in text
    assert "ruptures 4 1" in text
    assert "median time to come back 2 h (n=3) 20 min (n=1)" in text
    for verdict in ("▲", "▼", "more", "fewer", "better", "worse"):
        assert verdict not in text.split("Beside the week before")[1].split("To sit with")[0]


def test_no_comparison_when_the_week_before_had_no_entries():
    w = Week()
    w.checkin(at(18, 20), resourced=3)
    text = said(rendered(w.review(MONDAY_AFTER)))
    assert "Beside the week before" not in text
    assert to_json(w.review(MONDAY_AFTER))["previous"]["had_entries"] is False


def test_a_journal_whose_first_entry_is_on_a_wednesday():
    w = Week()
    w.checkin(at(18, 20), resourced=3, mood=3)
    w.checkin(at(19, 20), resourced=4)
    w.checkin(at(21, 9), resourced=2)
    w.rupture(at(20, 8), "Leo", {"intensity": 2})
    review = w.review(MONDAY_AFTER)
    out = rendered(review)
    text = said(out)
    # Wed 18 to Sun 22: 5 days could be written; check-ins on Wed, Thu, Sat.
    assert "Checked in on 3 of 5 days; the journal began on Wed 18 Nov." in text
    assert [d.day.day for d in review.days] == [18, 19, 20, 21, 22]
    assert "Mon" not in out.split("Check-ins")[1].split("resourced")[0]
    assert "Beside the week before" not in text
    data = to_json(review)
    assert data["days_counted"]["days"] == 5
    assert data["days_counted"]["journal_began_inside"] is True


def test_a_week_viewed_on_its_wednesday():
    w = Week(first_day=date(2026, 11, 2))
    for day in (16, 17, 18):
        w.checkin(at(day, 8), resourced=4, mood=4)
    review = w.review(WEDNESDAY)
    text = said(rendered(review))
    assert "(week 2026-W47); this week so far (Mon to Wed)" in text
    assert "Checked in on 3 of 3 days so far." in text
    # Thursday to Sunday are still to come: not in the strip, not missed.
    assert [d.day.day for d in review.days] == [16, 17, 18]
    # Three of three is not "few check-ins".
    assert "What made it hard to find a few minutes" not in text


def test_a_five_way_tie_names_no_winner():
    w = Week(first_day=date(2026, 11, 2))
    contexts = ["i_tired", "rushing", "transition", "noise", "screens"]
    # Two ruptures on each of Mon..Fri, at 20:00-20:09.
    for k in range(10):
        day = 16 + k // 2
        picked = [contexts[k % 5], contexts[(k + 1) % 5]]
        w.rupture(at(day, 20, k), "Maya", {"intensity": 2, "context": picked})
    review = w.review(MONDAY_AFTER)
    text = said(rendered(review))
    # Days: Monday..Friday 2 each, a five-way tie below 3: counts, no winner.
    assert "Days: Monday 2, Tuesday 2, Wednesday 2, Thursday 2, Friday 2." in text
    # Contexts: rupture k names contexts k and k+1 (mod 5), so each is named 2 * 10 / 5 = 4
    # times: a five-way tie at 4 (enough ruptures, but no clear lead).
    assert dict(review.contexts) == dict.fromkeys(contexts, 4)
    assert "Most often around them" not in text
    # All ten at 20:00-20:09 are evening: a clear lead.
    assert "Most often: evening (10 of 10)." in text
    assert "Most often: Monday" not in text


def test_what_went_together_needs_three_ruptures():
    w = Week(first_day=date(2026, 11, 2))
    w.rupture(at(17, 8), "Maya", {"intensity": 2, "context": ["rushing"]})
    w.rupture(at(18, 8), "Maya", {"intensity": 2, "context": ["rushing"]})
    text = said(rendered(w.review(MONDAY_AFTER)))
    assert "With 2 ruptures, too few to see what tends to go together (that needs 3)." in text
    assert "Around the" not in text and "Time of day" not in text


def test_closing_questions_fit_an_ordinary_week_and_stay_the_same_for_it():
    week = ordinary_week()
    review = week.review(MONDAY_AFTER)
    # Fits: repairs (3 came back), parenting (ruptures with the children), always, echoes.
    fits = {
        "What helped us find each other again this week?",
        "When did I feel most like the parent I want to be this week?",
        "Of what filled me up this week, what could I make a little more room for?",
        "Which echo from my own childhood showed up, and what would I say to that younger me?",
    }
    assert len(review.questions) == 3
    assert set(review.questions) <= fits
    assert week.review(MONDAY_AFTER).questions == review.questions


def test_the_echo_question_is_not_starved_by_file_order():
    prompts = prompts_module.load()
    w = ordinary_week()
    echo = "Which echo from my own childhood showed up, and what would I say to that younger me?"
    picked = 0
    for n in range(20):
        start = date(2026, 1, 5) + timedelta(weeks=n)
        review = w.review(MONDAY_AFTER)._replace(period=Period(start, start))
        picked += echo in closing_questions(review, prompts, w.roles)
    # Four questions fit and three are shown: over 20 weeks the echo comes up often,
    # but not every week.
    assert 5 <= picked < 20


def test_no_parent_question_when_all_ruptures_were_with_a_partner():
    w = Week(first_day=date(2026, 11, 2))
    w.checkin(at(16, 20), resourced=4)
    w.rupture(at(17, 21), "Sam", {"intensity": 2}, at(17, 22), {"moves": ["sorry"]})
    w.rupture(at(19, 21), "Sam", {"intensity": 2})
    for k in range(10):  # whichever period around them, the question never fits
        period = Period(date(2026, 11, 17 - k), date(2026, 11, 19 + k % 4))
        questions = w.review(MONDAY_AFTER, period=period).questions
        assert not any("parent I want to be" in q for q in questions)


def test_no_repair_question_in_a_week_without_a_repair():
    w = Week(first_day=date(2026, 11, 2))
    w.checkin(at(16, 20), resourced=4)
    for offset in range(7):
        period = Period(date(2026, 11, 16 + offset), date(2026, 11, 22))
        questions = w.review(MONDAY_AFTER, period=period).questions
        assert not any("find each other again" in q for q in questions)


def test_a_hard_week_opens_by_naming_the_load():
    review = hard_week().review(MONDAY_AFTER)
    out = rendered(review)
    text = said(out)
    # Check-in days Mon..Thu, Sat, Sun = 6. Low (resourced or mood at 1-2): Mon r1, Tue m1,
    # Wed r1, Thu m2, Sun r1 = 5; Sat (4 and 3) is not. 5 of 6 is most, and at least 3.
    first = text.index("A heavy week: running low on 5 of 6 days.")
    assert first < text.index("Check-ins") < text.index("Checked in on")
    assert "about load and support, not about character" in text
    assert "a doctor, a health visitor, someone I trust" in text
    assert "attach help-now" in text
    # Nothing else is hidden: the four open ruptures and the week's counts are all there.
    assert "4 ruptures (with Maya: 3, Leo: 1)." in text
    assert "4 still open." in text
    assert "0 of" not in text  # no score of what has not happened yet
    assert "“I snapped about the bath”" in text
    # "nothing much today" (Wed) goes last, after help from someone (Sat).
    assert "What filled me: help from someone on 1 day; nothing much on 1 day." in text
    # no_break on Mon, Tue, Wed, Thu: 4 days.
    assert "no break at all on 4 days" in text
    assert f"{label('reflect', 'drain', 'alone_with_it')} on 1 day" in text
    assert "Gran took both kids to the park" in text
    # The gentler questions only: no "parent I want to be", nothing about repairs done.
    heavy = {q.text for q in prompts_module.load().review_questions if "heavy" in q.when}
    assert review.questions and set(review.questions) <= heavy
    assert "What got me through" in " ".join(heavy)


def test_a_heavy_week_needs_three_low_days_and_most_of_them():
    w = Week(first_day=date(2026, 11, 2))
    for day, level in ((16, 1), (17, 2), (18, 4), (19, 4), (20, 5)):
        w.checkin(at(day, 20), resourced=level, mood=4)
    # 2 low days of 5: not heavy.
    assert "A heavy week" not in rendered(w.review(MONDAY_AFTER))
    w.checkin(at(21, 20), resourced=2, mood=4)
    # 3 low days of 6 is half, not most.
    assert "A heavy week" not in rendered(w.review(MONDAY_AFTER))
    w.checkin(at(22, 20), resourced=4, mood=1)
    # 4 of 7 (Sunday low by mood): heavy.
    assert "A heavy week: running low on 4 of 7 days." in said(rendered(w.review(MONDAY_AFTER)))


def test_custom_scales_from_my_own_prompts(tmp_path):
    import yaml

    doc = yaml.safe_load(prompts_module.packaged_path().read_text())
    for q in doc["questionnaires"]["reflect"]["questions"]:
        if q["id"] == "resourced":
            q["min"], q["max"] = 0, 10
        if q["id"] == "mood":
            q["min"], q["max"] = 1, 7
    mine = tmp_path / "prompts.yaml"
    mine.write_text(yaml.safe_dump(doc))
    prompts = prompts_module.load(mine)
    w = Week(first_day=date(2026, 11, 2))
    # resourced 9 of 10 is high, 1 of 10 is low (0-1 is the low end), mood 2 of 7 is low.
    w.checkin(at(16, 20), resourced=9, mood=6)
    w.checkin(at(17, 20), resourced=1, mood=5)
    w.checkin(at(18, 20), resourced=6, mood=2)
    w.checkin(at(19, 20), resourced=0, mood=1)
    review = w.review(MONDAY_AFTER, prompts=prompts)
    out = rendered(review, prompts=prompts)
    row = next(line for line in out.splitlines() if line.startswith("resourced"))
    # 0-10 as 8 blocks: 1 + round(share * 7): 9 -> 1 + round(6.3) = 7; 1 -> 1 + round(0.7) = 2;
    # 6 -> 1 + round(4.2) = 5; 0 -> 1, the lowest block.
    assert row.split()[1:9] == ["▇", "9", "▂", "1", "▅", "6", "▁", "0"]
    assert "/5" not in out.split("Check-ins")[1].split("Good moments")[0]
    # Low days: Tue (1 of 0-10), Wed (mood 2 of 1-7), Thu (0 and 1): 3 of 4.
    assert "A heavy week: running low on 3 of 4 days." in said(out)


def test_pages_for_others_carry_no_commands():
    week = hard_week()
    text = rendered(week.review(MONDAY_AFTER), for_others=True)
    assert "attach " not in text
    assert "a doctor, a health visitor, someone I trust" in said(text)


def test_json_carries_what_is_shown_back():
    data = to_json(ordinary_week().review(MONDAY_AFTER))
    assert data["counts"]["refill"] == {"sleep": 2, "outdoors": 2, "friends": 1, "play": 1}
    assert data["counts"]["my_need"] == {"cooperation": 2, "rest": 2}
    assert data["heavy_week"] is None
    assert [h["text"] for h in data["next_time"]] == ["Give her a two-minute warning"]
    assert data["next_time"][0]["later_repair_day"] == "2026-11-22"
    assert data["connected_after_moves"]["named"] == [4, 4]
    assert to_json(hard_week().review(MONDAY_AFTER))["heavy_week"] == {
        "low_days": 5,
        "checkin_days": 6,
    }
    assert W47.length == 7


def test_few_checkins_means_fewer_than_half_the_days_that_could_be_written():
    from attachjournal.core.review_shown import conditions

    def few(days: list[int], now) -> bool:
        w = Week(first_day=date(2026, 11, 2))
        for day in days:
            w.checkin(at(day, 8), resourced=3)
        return conditions(w.review(now), w.roles)["few_checkins"]

    # Viewed on Wednesday, 3 days count: 2 is not few (4 > 3), 1 is (2 < 3).
    assert few([16, 17], WEDNESDAY) is False
    assert few([16], WEDNESDAY) is True
    # A whole week: 3 of 7 is few (6 < 7), 4 of 7 is not.
    assert few([16, 17, 18], MONDAY_AFTER) is True
    assert few([16, 17, 18, 19], MONDAY_AFTER) is False


def test_an_echo_noticed_only_in_a_rupture_still_comes_back():
    w = Week(first_day=date(2026, 11, 2))
    w.rupture(
        at(17, 8),
        "Leo",
        {"intensity": 3, "older_echo": True, "older_echo_note": "The slammed door at home"},
    )
    text = said(rendered(w.review(MONDAY_AFTER)))
    assert "Echoes of my own upbringing Noticed 1 time: 0 in check-ins, 1 with a rupture." in text
    assert "it touched something older: “The slammed door at home”" in text


def test_each_rupture_shows_how_resourced_i_was_just_before():
    text = said(rendered(ordinary_week().review(MONDAY_AFTER)))
    # R1 (Tue 07:40) and R2 (Thu 18:30) noted 2 on 1-5; R3 and R4 did not.
    assert text.count("resourced just before: 2/5") == 2
    assert "Tue 17 Nov 07:40 ⚡ Maya · intensity 3/5 resourced just before: 2/5" in text


def test_a_review_question_may_need_several_conditions_and_unknown_ones_are_refused(tmp_path):
    import pytest
    import yaml

    from attachjournal.errors import PromptsError

    doc = yaml.safe_load(prompts_module.packaged_path().read_text())
    doc["review_questions"] = [{"text": "Both?", "when": ["heavy", "open_ruptures"]}]
    mine = tmp_path / "prompts.yaml"
    mine.write_text(yaml.safe_dump(doc))
    assert prompts_module.load(mine).review_questions[0].when == ("heavy", "open_ruptures")
    doc["review_questions"] = [{"text": "Sometimes?", "when": ["heavy", "full_moon"]}]
    mine.write_text(yaml.safe_dump(doc))
    with pytest.raises(PromptsError, match="'when' must be one of"):
        prompts_module.load(mine)


def test_a_week_still_to_come_has_no_days_to_count():
    w = Week(first_day=date(2026, 11, 2))
    w.checkin(at(16, 8), resourced=3)
    review = w.review(WEDNESDAY, period=Period(date(2026, 11, 23), date(2026, 11, 29)))
    text = said(rendered(review))
    assert "This period has not begun yet." in text
    assert "Checked in on" not in text
    assert review.days == ()


def test_a_rupture_written_three_hours_later_counts_when_it_happened():

    w = Week(first_day=date(2026, 11, 2))
    rupture = w.rupture(at(17, 19), "Maya", {"intensity": 3}, at(17, 20), {"moves": ["sorry"]})
    # Written at 22:00, three hours after it happened; the repair came at 20:00, in between.
    w.ruptures[-1] = rupture._replace(created_at=at(17, 22))
    review = w.review(MONDAY_AFTER)
    # 20:00 - 19:00 = 60 min, and the rupture sits in the evening, not the night.
    assert review.ruptures[0].minutes_to_repair == 60
    assert dict(review.time_of_day) == {"evening": 1}
    assert "came back together 1 h later" in said(rendered(review))


def test_a_week_whose_only_rupture_needed_no_repair_gives_no_score():
    w = Week(first_day=date(2026, 11, 2))
    w.checkin(at(16, 20), resourced=4)
    w.rupture(at(17, 18), "Sam", {"intensity": 1}, no_repair=True)
    text = said(rendered(w.review(MONDAY_AFTER)))
    # 1 rupture, marked no repair needed: nothing open, nothing to come back to.
    assert "1 rupture (with Sam: 1)." in text
    assert "1 marked no repair needed." in text
    assert "0 of" not in text


def test_an_open_rupture_is_listed_with_its_date_on_its_journal_day():
    w = Week(first_day=date(2026, 11, 2))
    w.rupture(at(10, 18), "Leo", {"intensity": 2})  # Tuesday 10 November
    w.rupture(at(17, 18), "Maya", {"intensity": 2})  # Tuesday 17 November
    w.rupture(at(23, 0, 30), "Maya", {"intensity": 2})  # Monday 00:30: Sunday's journal day
    period = Period(date(2026, 11, 9), date(2026, 11, 22), time(4))
    text = said(rendered(w.review(MONDAY_AFTER, period=period)))
    # Two Tuesdays in the period: each is told apart by its date.
    assert "with Leo" in text and "Tue 10 Nov 18:00 with Leo" in text
    assert "Tue 17 Nov 18:00 with Maya" in text
    assert "Sun 22 Nov, 00:30 after midnight with Maya" in text
