//! The columns of the `单位` sheet: the export's headers, which are also
//! the import format, with the synonyms found in clerks' own sheets.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Name,
    Kind,
    Ownership,
    WhollyOwned,
    LegalRepMember,
    LegalRepSecretary,
    Stage,
    CreditCode,
    Employees,
    FullMembers,
    ProbationaryMembers,
    Town,
    Village,
    KeyProject,
    Commissioner,
    Instructor,
    /// The people's ids, beside their names: what the district reads.
    CommissionerId,
    InstructorId,
    StartedOn,
    ClosedOn,
    /// Written for the reader; computed, so never imported.
    Status,
}

pub struct UnitColumn {
    pub field: Field,
    pub header: &'static str,
    pub synonyms: &'static [&'static str],
    pub width: f64,
}

const fn col(
    field: Field,
    header: &'static str,
    synonyms: &'static [&'static str],
    width: f64,
) -> UnitColumn {
    UnitColumn {
        field,
        header,
        synonyms,
        width,
    }
}

pub const UNIT_COLUMNS: [UnitColumn; 22] = [
    col(Field::Id, "编号", &["序号"], 8.0),
    col(
        Field::Name,
        "单位名称",
        &["企业名称", "项目名称", "名称", "单位"],
        34.0,
    ),
    col(Field::Kind, "类别", &["单位类别", "单位类型"], 8.0),
    col(
        Field::Ownership,
        "经济类型",
        &["所有制", "企业性质", "经济性质"],
        12.0,
    ),
    col(Field::WhollyOwned, "独资", &["是否独资"], 7.0),
    col(
        Field::LegalRepMember,
        "法定代表人是党员",
        &["法人是党员", "法定代表人是否党员"],
        10.0,
    ),
    col(
        Field::LegalRepSecretary,
        "法定代表人兼任书记",
        &["法人兼任书记", "法定代表人兼任党组织书记"],
        10.0,
    ),
    col(Field::Stage, "阶段", &["建设阶段"], 8.0),
    col(
        Field::CreditCode,
        "统一社会信用代码",
        &["信用代码", "社会信用代码"],
        22.0,
    ),
    col(
        Field::Employees,
        "职工人数",
        &["从业人员", "从业人员数", "员工人数", "职工数"],
        9.0,
    ),
    col(
        Field::FullMembers,
        "正式党员",
        &["正式党员数", "正式党员人数"],
        9.0,
    ),
    col(
        Field::ProbationaryMembers,
        "预备党员",
        &["预备党员数", "预备党员人数"],
        9.0,
    ),
    col(Field::Town, "所在镇", &["乡镇", "镇"], 10.0),
    col(Field::Village, "所在村", &["村", "村（社区）"], 10.0),
    col(Field::KeyProject, "重点项目", &["是否重点项目"], 9.0),
    col(Field::Commissioner, "项目专员", &[], 10.0),
    col(Field::Instructor, "党建指导员", &[], 10.0),
    col(
        Field::StartedOn,
        "开始日期",
        &["开工日期", "成立日期", "入园日期"],
        12.0,
    ),
    col(Field::ClosedOn, "关闭日期", &["退出日期", "注销日期"], 12.0),
    col(Field::Status, "覆盖方式", &[], 12.0),
    col(Field::CommissionerId, "项目专员编号", &[], 10.0),
    col(Field::InstructorId, "党建指导员编号", &[], 10.0),
];

/// The field a header names, ignoring spaces, if it is one of ours.
pub fn field_of(header: &str) -> Option<Field> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    UNIT_COLUMNS
        .iter()
        .find(|c| c.header == h || c.synonyms.contains(&h.as_str()))
        .map(|c| c.field)
}

pub fn header_of(field: Field) -> &'static str {
    UNIT_COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map_or("", |c| c.header)
}
