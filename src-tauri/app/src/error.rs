//! Errors as the UI sees them: `{"code": "...", "message": "..."}`, with a
//! message a clerk can act on. Database internals never cross as such.

use parkreg_core::Error;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq)]
pub struct IpcError {
    pub code: &'static str,
    pub message: String,
    /// Field-level problems, so a form can show each next to its field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<parkreg_core::model::problem::Problem>,
    /// After a wrong passphrase: how many seconds until the next attempt
    /// is looked at (the page counts them down).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_seconds: Option<u64>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let problems = match &e {
            Error::Invalid(p) => p.clone(),
            _ => Vec::new(),
        };
        let message = match &e {
            Error::Sql(_) => {
                "数据库出现意外错误，未作任何修改；请重试，如仍失败请从备份恢复".to_string()
            }
            other => other.to_string(),
        };
        IpcError {
            code: e.code(),
            message,
            problems,
            wait_seconds: None,
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_as_code_and_message() {
        let e = IpcError::from(Error::invalid(
            "units[0]",
            "employees",
            "不能为负数，实为 -1",
        ));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "errors.validation",
                "message": "输入有误，未作任何修改：\n  units[0].employees: 不能为负数，实为 -1",
                "problems": [{"path": "units[0]", "field": "employees", "message": "不能为负数，实为 -1"}]
            })
        );
        let e = IpcError::from(Error::Busy);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "errors.busy", "message": "登记簿正被另一个程序修改，请稍后再试"})
        );
    }

    #[test]
    fn database_internals_do_not_leak() {
        let e = IpcError::from(Error::Sql(rusqlite_error()));
        assert_eq!(e.code, "errors.database");
        assert!(!e.message.contains("SQL"), "{}", e.message);
    }

    fn rusqlite_error() -> parkreg_core::store::SqlError {
        parkreg_core::store::SqlError::InvalidQuery
    }
}
