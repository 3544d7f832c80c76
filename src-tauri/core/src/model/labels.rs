//! The names of the registry's codes, in Chinese and English, as a clerk
//! reads them: one table per code, the only place these words are written
//! (the desktop's pages receive them as `ui_table`); and back from the
//! Chinese words clerks type in their own sheets (with common synonyms).

use super::*;
use std::collections::BTreeMap;

/// A code's value, its Chinese label and its English label.
type Labels<T, const N: usize> = [(T, &'static str, &'static str); N];

const UNIT_KINDS: Labels<UnitKind, 3> = [
    (UnitKind::Enterprise, "企业", "Enterprise"),
    (UnitKind::Project, "项目", "Project"),
    (UnitKind::Organ, "机关", "Administration"),
];

const OWNERSHIPS: Labels<Ownership, 6> = [
    (Ownership::Private, "私营", "Private"),
    (Ownership::Hmt, "港澳台商投资", "Hong Kong/Macao/Taiwan"),
    (Ownership::Foreign, "外商投资", "Foreign"),
    (Ownership::State, "国有", "State"),
    (Ownership::Collective, "集体", "Collective"),
    (Ownership::Other, "其他", "Other"),
];

/// The label of the three non-public ownerships together (a filter).
const NON_PUBLIC: (&str, &str) = (
    "非公有制（私营、港澳台、外资）",
    "Non-public (private, HMT, foreign)",
);

const STAGES: Labels<Stage, 2> = [
    (Stage::Construction, "在建", "Under construction"),
    (Stage::Operating, "运营", "Operating"),
];

const ORG_KINDS: Labels<OrgKind, 6> = [
    (OrgKind::Committee, "党委", "Committees"),
    (OrgKind::GeneralBranch, "党总支", "General branches"),
    (OrgKind::Branch, "党支部", "Branches"),
    (OrgKind::JointBranch, "联合党支部", "Joint branches"),
    (OrgKind::TemporaryBranch, "临时党支部", "Temporary branches"),
    (OrgKind::Group, "党小组", "Party groups"),
];

/// One organization's kind (the list above counts them: Branches 13).
const ORG_KIND_ONE: Labels<OrgKind, 6> = [
    (OrgKind::Committee, "党委", "Committee"),
    (OrgKind::GeneralBranch, "党总支", "General branch"),
    (OrgKind::Branch, "党支部", "Branch"),
    (OrgKind::JointBranch, "联合党支部", "Joint branch"),
    (OrgKind::TemporaryBranch, "临时党支部", "Temporary branch"),
    (OrgKind::Group, "党小组", "Party group"),
];

const STATUSES: Labels<Status, 5> = [
    (Status::Own, "单独建立", "Own branch"),
    (Status::Joint, "联合建立", "Joint branch"),
    (Status::Group, "党小组", "Party group"),
    (Status::Instructor, "党建指导员", "Instructor"),
    (Status::None, "未覆盖", "Not covered"),
];

const SEVERITIES: Labels<Severity, 3> = [
    (Severity::Error, "错误", "Errors"),
    (Severity::Warning, "警告", "Warnings"),
    (Severity::Info, "提示", "Information"),
];

const PURPOSES: Labels<Purpose, 5> = [
    (Purpose::StarterFund, "启动资金", "Starter fund"),
    (Purpose::Activity, "活动", "Activity"),
    (Purpose::Training, "培训", "Training"),
    (Purpose::Facility, "阵地建设", "Facilities"),
    (Purpose::Other, "其他", "Other"),
];

const MEETING_KINDS: Labels<MeetingKind, 8> = [
    (MeetingKind::MemberMeeting, "支部党员大会", "Member meeting"),
    (
        MeetingKind::CommitteeMeeting,
        "支部委员会会议",
        "Committee meeting",
    ),
    (MeetingKind::GroupMeeting, "党小组会", "Group meeting"),
    (MeetingKind::PartyLecture, "党课", "Party lecture"),
    (MeetingKind::ThemeDay, "主题党日", "Theme day"),
    (
        MeetingKind::LifeMeeting,
        "组织生活会",
        "Organizational-life meeting",
    ),
    (
        MeetingKind::DemocraticReview,
        "民主评议党员",
        "Democratic review",
    ),
    (MeetingKind::Training, "培训", "Training"),
];

const LECTURE_PERIODS: Labels<LecturePeriod, 4> = [
    (LecturePeriod::Month, "每月", "Monthly"),
    (LecturePeriod::Quarter, "每季度", "Quarterly"),
    (LecturePeriod::HalfYear, "每半年", "Half-yearly"),
    (LecturePeriod::Year, "每年", "Yearly"),
];

const GENDERS: Labels<Gender, 2> = [
    (Gender::Male, "男", "Male"),
    (Gender::Female, "女", "Female"),
];

const LEFT_REASONS: Labels<LeftReason, 5> = [
    (LeftReason::TransferredOut, "转出", "Transferred out"),
    (LeftReason::Withdrew, "退党", "Withdrew"),
    (LeftReason::Removed, "除名", "Removed"),
    (LeftReason::Expelled, "开除党籍", "Expelled"),
    (LeftReason::Died, "去世", "Died"),
];

/// The Chinese label of a reason for leaving (转出, 退党 …).
#[must_use]
pub fn left_reason_zh(r: LeftReason) -> &'static str {
    zh(&LEFT_REASONS, r)
}

/// The history's actions, as the store records them (`entity.verb`), and
/// what a clerk reads for each; an undone import is its action plus `.undo`.
#[rustfmt::skip]
pub const ACTIONS: [(&str, &str, &str); 37] = [
    ("registry.init", "新建登记簿", "Registry created"),
    ("registry.protect", "设置口令保护", "Passphrase set"),
    ("registry.passphrase", "更改口令", "Passphrase changed"),
    ("registry.unprotect", "取消口令保护", "Passphrase removed"),
    ("registry.load", "载入登记簿文件", "Registry loaded from a file"),
    ("registry.demo", "载入示例园区", "Sample park loaded"),
    ("registry.restore", "从备份恢复", "Restored from a backup"),
    ("park.update", "修改园区设置", "Park settings changed"),
    ("person.create", "新增人员", "Person added"),
    ("person.update", "修改人员", "Person changed"),
    ("person.delete", "删除人员（录入有误）", "Person removed (entered by mistake)"),
    ("member.create", "新增党员", "Member added"),
    ("member.update", "修改党员信息", "Member changed"),
    ("member.full", "预备党员转正", "Made a full member"),
    ("member.extend", "延长预备期", "Probation extended"),
    ("member.lost", "登记失去联系", "Lost contact recorded"),
    ("member.stop", "停止党籍", "Membership stopped"),
    ("member.leave", "党员离开（转出或出党）", "Member left"),
    ("unit.create", "新增单位", "Unit added"),
    ("unit.update", "修改单位", "Unit changed"),
    ("unit.delete", "删除单位（录入有误）", "Unit removed (entered by mistake)"),
    ("organization.create", "新建党组织", "Organization added"),
    ("organization.update", "修改党组织", "Organization changed"),
    ("organization.delete", "删除党组织（录入有误）", "Organization removed (entered by mistake)"),
    ("organization.election", "党组织换届", "Election held"),
    ("organization.dissolve", "撤销党组织", "Organization dissolved"),
    ("budget.set", "设定年度预算", "Budget set"),
    ("ledger.append", "记账", "Ledger entry"),
    ("meeting.create", "登记组织生活", "Meeting recorded"),
    ("meeting.update", "修改组织生活记录", "Meeting corrected"),
    ("meeting.delete", "删除组织生活记录", "Meeting deleted"),
    ("units.import", "导入单位", "Units imported"),
    ("units.import.undo", "撤销导入单位", "Unit import undone"),
    ("meetings.import", "导入组织生活记录", "Meetings imported"),
    ("members.import", "导入党员名册", "Roster imported"),
    ("members.import.undo", "撤销导入党员名册", "Roster import undone"),
    ("meetings.import.undo", "撤销导入组织生活记录", "Meeting import undone"),
];

/// What a clerk reads for an action the history records, if it is one
/// this program records.
#[must_use]
pub fn action_label(action: &str, lang: Lang) -> Option<&'static str> {
    ACTIONS
        .iter()
        .find(|(code, ..)| *code == action)
        .map(|&(_, zh, en)| match lang {
            Lang::Zh => zh,
            Lang::En => en,
        })
}

fn zh<T: PartialEq, const N: usize>(table: &Labels<T, N>, value: T) -> &'static str {
    table
        .iter()
        .find(|(v, ..)| *v == value)
        .map(|(_, zh, _)| *zh)
        .expect("every value has its label")
}

#[must_use]
pub fn unit_kind_zh(k: UnitKind) -> &'static str {
    zh(&UNIT_KINDS, k)
}

#[must_use]
pub fn ownership_zh(o: Ownership) -> &'static str {
    zh(&OWNERSHIPS, o)
}

#[must_use]
pub fn stage_zh(s: Stage) -> &'static str {
    zh(&STAGES, s)
}

fn en<T: PartialEq, const N: usize>(table: &Labels<T, N>, value: T) -> &'static str {
    table
        .iter()
        .find(|(v, ..)| *v == value)
        .map(|(.., en)| *en)
        .expect("every value has its label")
}

#[must_use]
pub fn org_kind_zh(k: OrgKind) -> &'static str {
    zh(&ORG_KINDS, k)
}

#[must_use]
pub fn status_zh(s: Status) -> &'static str {
    zh(&STATUSES, s)
}

#[must_use]
pub fn status_en(s: Status) -> &'static str {
    en(&STATUSES, s)
}

#[must_use]
pub fn severity_zh(s: Severity) -> &'static str {
    zh(&SEVERITIES, s)
}

#[must_use]
pub fn purpose_zh(p: Purpose) -> &'static str {
    zh(&PURPOSES, p)
}

#[must_use]
pub fn meeting_kind_zh(k: MeetingKind) -> &'static str {
    zh(&MEETING_KINDS, k)
}

#[must_use]
pub fn meeting_kind_en(k: MeetingKind) -> &'static str {
    en(&MEETING_KINDS, k)
}

#[must_use]
pub fn lecture_period_zh(p: LecturePeriod) -> &'static str {
    zh(&LECTURE_PERIODS, p)
}

/// Every label by language and `group.code` key (`"kind.enterprise"`), as
/// the desktop's pages look them up.
#[must_use]
pub fn ui_table() -> BTreeMap<&'static str, BTreeMap<String, &'static str>> {
    let mut zh = BTreeMap::new();
    let mut en = BTreeMap::new();
    fn add<T: Serialize + Copy, const N: usize>(
        group: &str,
        table: &Labels<T, N>,
        zh: &mut BTreeMap<String, &'static str>,
        en: &mut BTreeMap<String, &'static str>,
    ) {
        for (value, z, e) in table {
            let code = serde_json::to_value(value).expect("codes serialize");
            let key = format!("{group}.{}", code.as_str().expect("codes are strings"));
            zh.insert(key.clone(), *z);
            en.insert(key, *e);
        }
    }
    add("kind", &UNIT_KINDS, &mut zh, &mut en);
    add("ownership", &OWNERSHIPS, &mut zh, &mut en);
    add("stage", &STAGES, &mut zh, &mut en);
    add("org", &ORG_KINDS, &mut zh, &mut en);
    add("orgOne", &ORG_KIND_ONE, &mut zh, &mut en);
    add("status", &STATUSES, &mut zh, &mut en);
    add("severity", &SEVERITIES, &mut zh, &mut en);
    add("purpose", &PURPOSES, &mut zh, &mut en);
    add("meeting", &MEETING_KINDS, &mut zh, &mut en);
    add("lecture", &LECTURE_PERIODS, &mut zh, &mut en);
    add("gender", &GENDERS, &mut zh, &mut en);
    add("left", &LEFT_REASONS, &mut zh, &mut en);
    zh.insert("ownership.non_public".into(), NON_PUBLIC.0);
    en.insert("ownership.non_public".into(), NON_PUBLIC.1);
    [("zh", zh), ("en", en)].into()
}

/// The value whose Chinese label is `text` (as the workbook writes it).
fn of_zh<T: Copy, const N: usize>(table: &Labels<T, N>, text: &str) -> Option<T> {
    table
        .iter()
        .find(|(_, zh, _)| *zh == text)
        .map(|(v, ..)| *v)
}

/// An organization kind from its Chinese label (the workbook's `类别`).
#[must_use]
pub fn parse_org_kind(text: &str) -> Option<OrgKind> {
    of_zh(&ORG_KINDS, text.trim())
}

/// A purpose from its Chinese label (the workbook's `用途`).
#[must_use]
pub fn parse_purpose(text: &str) -> Option<Purpose> {
    of_zh(&PURPOSES, text.trim())
}

/// A party lecture period from its Chinese label.
#[must_use]
pub fn parse_lecture_period(text: &str) -> Option<LecturePeriod> {
    of_zh(&LECTURE_PERIODS, text.trim())
}

/// A coverage status from its Chinese label (the workbook's `覆盖状态`).
#[must_use]
pub fn parse_status(text: &str) -> Option<Status> {
    of_zh(&STATUSES, text.trim())
}

/// A unit kind from its Chinese name, a synonym, or its code.
#[must_use]
pub fn parse_unit_kind(text: &str) -> Option<UnitKind> {
    match text {
        "企业" | "公司" => Some(UnitKind::Enterprise),
        "项目" | "在建项目" | "建设项目" => Some(UnitKind::Project),
        "机关" | "园区机关" | "管委会" => Some(UnitKind::Organ),
        code => from_code(code),
    }
}

#[must_use]
pub fn parse_ownership(text: &str) -> Option<Ownership> {
    match text {
        "私营" | "民营" | "非公有制" | "非公" | "非公企业" | "私营企业" | "民营企业"
        | "私有经济控制" | "non_public" => Some(Ownership::Private),
        "港澳台"
        | "港资"
        | "澳资"
        | "台资"
        | "港澳台商投资"
        | "港澳台商经济控制"
        | "港澳台投资" => Some(Ownership::Hmt),
        "外资" | "外商投资" | "中外合资" | "外商经济控制" | "外资企业" | "合资" => {
            Some(Ownership::Foreign)
        }
        "国有" | "国企" | "国有企业" => Some(Ownership::State),
        "集体" | "集体企业" => Some(Ownership::Collective),
        "其他" => Some(Ownership::Other),
        code => from_code(code),
    }
}

#[must_use]
pub fn parse_stage(text: &str) -> Option<Stage> {
    match text {
        "在建" | "建设期" | "建设中" => Some(Stage::Construction),
        "运营" | "投产" | "生产" | "运营期" => Some(Stage::Operating),
        code => from_code(code),
    }
}

/// A meeting kind from its Chinese name, a common short name, or its code.
#[must_use]
pub fn parse_meeting_kind(text: &str) -> Option<MeetingKind> {
    let text = text.trim();
    match text {
        "党员大会" | "支部党员大会" => Some(MeetingKind::MemberMeeting),
        "支委会" | "支部委员会" | "支委会会议" | "支部委员会会议" => {
            Some(MeetingKind::CommitteeMeeting)
        }
        "党小组会" | "小组会" | "党小组会议" => Some(MeetingKind::GroupMeeting),
        "党课" => Some(MeetingKind::PartyLecture),
        "主题党日" | "主题党日活动" => Some(MeetingKind::ThemeDay),
        "组织生活会" => Some(MeetingKind::LifeMeeting),
        "民主评议" | "民主评议党员" => Some(MeetingKind::DemocraticReview),
        "培训" | "周末课堂" | "党员培训" => Some(MeetingKind::Training),
        code => from_code(code),
    }
}

#[must_use]
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" => Some(true),
        "否" | "n" | "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of every code has both labels, under its own code.
    #[test]
    fn every_code_is_labelled_in_both_languages() {
        let table = ui_table();
        let keys = |lang: &str| table[lang].keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys("zh"), keys("en"));
        for o in Ownership::ALL {
            assert_eq!(
                table["zh"][&format!("ownership.{}", to_code(&o))],
                ownership_zh(o)
            );
        }
        for s in Status::ALL {
            assert_eq!(
                table["zh"][&format!("status.{}", to_code(&s))],
                status_zh(s)
            );
        }
        for p in Purpose::ALL {
            assert_eq!(
                table["zh"][&format!("purpose.{}", to_code(&p))],
                purpose_zh(p)
            );
        }
        assert_eq!(table["en"]["kind.organ"], "Administration");
        assert_eq!(table["zh"]["org.joint_branch"], "联合党支部");
        // (the organization kinds twice: counted, and one's own)
        assert_eq!(
            table["zh"].len(),
            3 + 6 + 1 + 2 + 6 + 6 + 5 + 3 + 5 + 8 + 4 + 2 + 5
        );
        assert_eq!(table["zh"]["left.expelled"], "开除党籍");
        assert_eq!(table["en"]["gender.female"], "Female");
        assert_eq!(table["en"]["orgOne.branch"], "Branch");
        assert_eq!(table["zh"]["orgOne.group"], table["zh"]["org.group"]);
        for k in MeetingKind::ALL {
            assert_eq!(parse_meeting_kind(meeting_kind_zh(k)), Some(k), "{k:?}");
            assert_eq!(parse_meeting_kind(&to_code(&k)), Some(k), "{k:?}");
        }
    }

    fn to_code<T: Serialize>(v: &T) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The words clerks write for each ownership, as the import reads them.
    #[test]
    fn ownership_synonyms_table() {
        let cases = [
            ("私营", Some(Ownership::Private)),
            ("民营", Some(Ownership::Private)),
            ("非公有制", Some(Ownership::Private)),
            ("港澳台", Some(Ownership::Hmt)),
            ("港资", Some(Ownership::Hmt)),
            ("澳资", Some(Ownership::Hmt)),
            ("台资", Some(Ownership::Hmt)),
            ("外资", Some(Ownership::Foreign)),
            ("外商投资", Some(Ownership::Foreign)),
            ("中外合资", Some(Ownership::Foreign)),
            ("国有", Some(Ownership::State)),
            ("集体", Some(Ownership::Collective)),
            ("其他", Some(Ownership::Other)),
            ("hmt", Some(Ownership::Hmt)),
            ("non_public", Some(Ownership::Private)),
            ("火星资本", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_ownership(text), expected, "{text}");
        }
        // Every ownership's own label reads back as itself.
        for o in Ownership::ALL {
            assert_eq!(parse_ownership(ownership_zh(o)), Some(o), "{o:?}");
        }
    }
}
