//! The Chinese names of the registry's codes, as a clerk reads and types
//! them, and back (with the common synonyms of clerks' own sheets).

use super::*;

pub fn unit_kind_zh(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Enterprise => "企业",
        UnitKind::Project => "项目",
        UnitKind::Organ => "机关",
    }
}

pub fn ownership_zh(o: Ownership) -> &'static str {
    match o {
        Ownership::Private => "私营",
        Ownership::Hmt => "港澳台商投资",
        Ownership::Foreign => "外商投资",
        Ownership::State => "国有",
        Ownership::Collective => "集体",
        Ownership::Other => "其他",
    }
}

pub fn stage_zh(s: Stage) -> &'static str {
    match s {
        Stage::Construction => "在建",
        Stage::Operating => "运营",
    }
}

pub fn org_kind_zh(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Committee => "党委",
        OrgKind::GeneralBranch => "党总支",
        OrgKind::Branch => "党支部",
        OrgKind::JointBranch => "联合党支部",
        OrgKind::TemporaryBranch => "临时党支部",
        OrgKind::Group => "党小组",
    }
}

pub fn status_zh(s: Status) -> &'static str {
    match s {
        Status::Own => "单独建立",
        Status::Joint => "联合建立",
        Status::Group => "党小组",
        Status::Instructor => "党建指导员",
        Status::None => "未覆盖",
    }
}

pub fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

pub fn purpose_zh(p: Purpose) -> &'static str {
    match p {
        Purpose::StarterFund => "启动资金",
        Purpose::Activity => "活动",
        Purpose::Training => "培训",
        Purpose::Facility => "阵地建设",
        Purpose::Other => "其他",
    }
}

/// A unit kind from its Chinese name, a synonym, or its code.
pub fn parse_unit_kind(text: &str) -> Option<UnitKind> {
    match text {
        "企业" | "公司" => Some(UnitKind::Enterprise),
        "项目" | "在建项目" | "建设项目" => Some(UnitKind::Project),
        "机关" | "园区机关" | "管委会" => Some(UnitKind::Organ),
        code => from_code(code),
    }
}

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

pub fn parse_stage(text: &str) -> Option<Stage> {
    match text {
        "在建" | "建设期" | "建设中" => Some(Stage::Construction),
        "运营" | "投产" | "生产" | "运营期" => Some(Stage::Operating),
        code => from_code(code),
    }
}

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
