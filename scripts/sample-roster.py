#!/usr/bin/env python3
"""Writes the sample park's roster into assets/sample-park.json.

The roster agrees with each unit's typed full and probationary counts on
the sample's date (2013-06-30), has members in every status (full,
probationary, extended, 流入, 失联, 停止党籍, 转出, 去世) and one case of each
member gap. Fictional people; ID numbers valid by GB 11643 (check
character, birth date, sex). Deterministic: rerunning writes the same
file. Usage: scripts/sample-roster.py [assets/sample-park.json]
"""

import datetime as dt
import json
import random
import sys

PATH = sys.argv[1] if len(sys.argv) > 1 else "assets/sample-park.json"
AS_OF = dt.date(2013, 6, 30)
FIRST_GENERATED = 40  # p1..p39 are the sample's own people

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
REGIONS = ["520113", "520113", "520113", "520102", "520103", "522701", "522601", "520181"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢龙石杨罗"
GIVEN = "建国华明丽静军伟芳敏强磊洋勇艳杰娟涛超霞平刚桂英兰秀云峰斌红波辉鹏宇婷玲翔飞雪松林梅燕亮春文"
ETHNICITIES = ["汉族"] * 16 + ["布依族"] * 2 + ["苗族", "侗族"]
EDUCATION = ["大学本科"] * 5 + ["大学专科"] * 4 + ["高中"] * 2 + ["中专", "硕士研究生", "初中"]


def id_number(rng, born, gender):
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if gender == "male" else [0, 2, 4, 6, 8])
    body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def day_between(rng, a, b):
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def main():
    rng = random.Random(20130630)
    doc = json.load(open(PATH, encoding="utf-8"))
    doc["people"] = [p for p in doc["people"] if int(p["id"][1:]) < FIRST_GENERATED]
    for p in doc["people"]:
        for key in ("gender", "ethnicity", "birth_date", "id_number", "education", "membership"):
            p[key] = None
    units = {u["id"]: u for u in doc["units"]}
    covering = {}
    for o in doc["organizations"]:
        for u in o["units"]:
            covering[u] = o["id"]
    taken = {p["name"] for p in doc["people"]}
    people = {p["id"]: p for p in doc["people"]}
    next_id = [FIRST_GENERATED]

    def name():
        while True:
            n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            if n not in taken:
                taken.add(n)
                return n

    def person(existing=None):
        if existing:
            return people[existing]
        p = {"id": f"p{next_id[0]}", "name": name(), "party_member": True, "phone": None}
        next_id[0] += 1
        doc["people"].append(p)
        return p

    def member(unit, full=True, existing=None, joined=None, **status):
        """One member working in `unit`, full or probationary on AS_OF
        unless `joined` and `status` say otherwise."""
        p = person(existing)
        gender = "female" if rng.random() < 0.3 else "male"
        if joined is None:
            joined = (
                day_between(rng, dt.date(1982, 1, 1), dt.date(2011, 12, 31))
                if full
                else day_between(rng, dt.date(2012, 8, 1), dt.date(2013, 6, 20))
            )
        earliest_birth = add_years(joined, -40)
        born = day_between(rng, max(earliest_birth, dt.date(1950, 1, 1)), add_years(joined, -19))
        p.update(
            gender=gender,
            ethnicity=rng.choice(ETHNICITIES),
            birth_date=born.isoformat(),
            id_number=id_number(rng, born, gender),
            education=rng.choice(EDUCATION),
            unit_name=units[unit]["name"],
            party_member=True,
        )
        m = {
            "org": covering.get(unit),
            "unit": unit,
            "joined_on": joined.isoformat(),
            "full_on": None,
            "probation_extended_to": None,
            "relationship": "here",
            "arrived_on": None,
            "lost_contact_on": None,
            "stopped_on": None,
            "left_on": None,
            "left_reason": None,
            "approximate": [],
        }
        if full:
            m["full_on"] = (add_years(joined, 1) + dt.timedelta(days=rng.randrange(0, 40))).isoformat()
        for key, value in status.items():
            m[key] = value.isoformat() if isinstance(value, dt.date) else value
        p["membership"] = m
        return p

    # The sample's own party members who work in the park.
    own = {"u0": ["p1", "p3", "p5", "p7", "p8", "p9", "p10", "p12", "p13", "p32", "p35"]}
    for i, u in enumerate(range(1, 13)):
        own[f"u{u}"] = [f"p{14 + i}"]
    own.update(u13=["p26"], u16=["p27"], u20=["p28"], u25=["p30"], u26=["p31"], u28=["p33"], u29=["p34"])
    d = dt.date
    # Members in a status (each counted on AS_OF where still a member).
    special = {
        "u0": [dict(full=True, joined=d(1985, 7, 1), approximate=["joined_on", "full_on"],
                    full_on=d(1986, 7, 1))],
        "u1": [dict(full=False, joined=d(2012, 7, 20)),  # PROBATION_ENDING
               dict(full=False, joined=d(2011, 11, 1), probation_extended_to=d(2013, 10, 1))],
        "u2": [dict(full=False, joined=d(2012, 6, 10))],  # PROBATION_OVERDUE
        "u3": [dict(full=True, org="o2")],  # MEMBER_ORG_ELSEWHERE
        "u4": [dict(full=True, lost_contact_on=d(2013, 4, 1))],
        "u5": [dict(full=True, lost_contact_on=d(2012, 10, 1))],  # LOST_CONTACT_LONG
        "u12": [dict(full=True, org=None)],  # MEMBER_ORG_INACTIVE
        "u23": [dict(full=True, existing="p29", relationship="elsewhere", arrived_on=d(2013, 1, 20)),
                dict(full=True, relationship="elsewhere", arrived_on=d(2012, 9, 1)),  # TRANSFER_DUE
                dict(full=True, relationship="elsewhere", arrived_on=d(2013, 2, 25)),
                dict(full=True, relationship="elsewhere", arrived_on=d(2013, 3, 4)),
                dict(full=False, relationship="elsewhere", arrived_on=d(2013, 3, 4))],
        "u24": [dict(full=True, relationship="elsewhere", arrived_on=d(2013, 1, 10)),
                dict(full=True, relationship="elsewhere", arrived_on=d(2013, 2, 18)),
                dict(full=True, relationship="elsewhere", arrived_on=d(2013, 4, 8))],
    }
    for u in doc["units"]:
        uid = u["id"]
        full, prob = u["full_members"], u["probationary_members"]
        for kw in special.get(uid, []):
            kw = dict(kw)
            is_full = kw.pop("full")
            member(uid, full=is_full, **kw)
            full, prob = (full - 1, prob) if is_full else (full, prob - 1)
        for existing in own.get(uid, []):
            member(uid, existing=existing)
            full -= 1
        for _ in range(full):
            member(uid)
        for _ in range(prob):
            member(uid, full=False)
        assert full >= 0 and prob >= 0, uid
    # People no longer counted on AS_OF.
    member("u1", joined=d(2003, 7, 1), stopped_on=d(2011, 3, 1))  # STOPPED_LONG
    member("u1", left_on=d(2013, 1, 10), left_reason="died")
    member("u2", left_on=d(2012, 12, 1), left_reason="transferred_out")
    member("u6", stopped_on=d(2013, 2, 1))
    doc["format"] = "parkreg/3"
    doc["park"]["roster"] = True
    with open(PATH, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
