//! The register's filter: which of an organisation's processes the
//! register table, the exports and the search consider. Shared by the
//! register (lists, exports) and search (the candidates of a query), so
//! neither needs the other.

use crate::Result;
use crate::db::{Arg, Conn, fetch_args};
use crate::{AreaId, OrgId, OrgUnitId, ProcessId, UserId};

/// Filters and order of the register table. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    pub status: Option<String>,
    /// The area and every area below it.
    pub area_id: Option<AreaId>,
    /// The org unit and every unit below it.
    pub org_unit_id: Option<OrgUnitId>,
    pub owner_id: Option<UserId>,
    pub service: Option<String>,
    pub criticality: Option<String>,
    pub digitisation_level: Option<i64>,
    /// name, identifier, status, updated, digitisation
    pub sort: String,
    pub descending: bool,
}

/// The organisation (`$1`) and the filter's conditions on `processes` (only
/// the set ones, so the databases can use their indexes), numbered from
/// `$2`, with their values. `table` prefixes the columns (`"p."` in a join,
/// or `""`). An area or org unit selects its whole subtree, as the process
/// map and the unit tree count it.
pub(crate) fn filter_sql(org: OrgId, f: &RegisterFilter, table: &str) -> (String, Vec<Arg>) {
    let mut sql = String::new();
    let mut args = vec![Arg::Id(org.0)];
    if let Some(a) = f.area_id {
        args.push(Arg::Id(a.0));
        sql.push_str(&subtree(table, "area_id", "process_areas", args.len()));
    }
    if let Some(u) = f.org_unit_id {
        args.push(Arg::Id(u.0));
        sql.push_str(&subtree(table, "org_unit_id", "org_units", args.len()));
    }
    let mut add = |column: &str, arg: Arg| {
        args.push(arg);
        sql.push_str(&format!(" AND {table}{column} = ${}", args.len()));
    };
    if let Some(s) = &f.status {
        add("status", Arg::Text(s.clone()));
    }
    if let Some(o) = f.owner_id {
        add("owner_id", Arg::Id(o.0));
    }
    if let Some(s) = &f.service {
        add("service_key", Arg::Text(s.clone()));
    }
    if let Some(c) = &f.criticality {
        add("criticality", Arg::Text(c.clone()));
    }
    if let Some(l) = f.digitisation_level {
        add("digitisation_level", Arg::Int(l));
    }
    (sql, args)
}

/// The condition that `column` names the node `$n` of the organisation's
/// tree `nodes` (a table with `parent_id`) or one of its descendants: a
/// recursive query, the same text on SQLite and PostgreSQL. `UNION` drops
/// repeated rows, so even a cycle in the parents ends.
fn subtree(table: &str, column: &str, nodes: &str, n: usize) -> String {
    format!(
        " AND {table}{column} IN (WITH RECURSIVE below(id) AS (\
         SELECT id FROM {nodes} WHERE id = ${n} AND organization_id = $1 \
         UNION SELECT t.id FROM {nodes} t JOIN below ON t.parent_id = below.id \
         WHERE t.organization_id = $1) SELECT id FROM below)"
    )
}

/// The ids of the processes the filter's conditions select, or None when it
/// sets none (everything).
pub(crate) async fn filter_ids(
    c: &mut Conn,
    org: OrgId,
    f: &RegisterFilter,
) -> Result<Option<Vec<ProcessId>>> {
    let (cond, args) = filter_sql(org, f, "");
    if args.len() == 1 {
        return Ok(None);
    }
    let sql = format!("SELECT id FROM processes WHERE organization_id = $1{cond}");
    Ok(Some(fetch_args!(
        c,
        sqlx::query_scalar,
        fetch_all,
        &sql,
        &args
    )?))
}
