using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Tells a database error about one row's values (a constraint it breaks, a value too long or
/// malformed) from one about the database itself (a permission, a missing table, a lost
/// connection). Only the first kind may be reported against a row: the second would refuse every
/// row of a file while the fault is the platform's.
/// </summary>
public static class DatabaseErrors
{
    // SQL Server: unique index / constraint, FK or check, NULL into NOT NULL, truncation, conversion, overflow, date out of range.
    private static readonly HashSet<int> SqlServerRowErrors = [2601, 2627, 547, 515, 8152, 2628, 245, 8114, 8115, 242, 241];

    /// <summary>True when the database refused a value of the rows written (PostgreSQL classes 22 and 23; their SQL Server counterparts).</summary>
    public static bool IsAboutARow(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("22", StringComparison.Ordinal) || postgres.SqlState.StartsWith("23", StringComparison.Ordinal);
                case SqlException sqlServer:
                    return sqlServer.Errors.Cast<SqlError>().All(x => SqlServerRowErrors.Contains(x.Number));
            }
        }

        return false;
    }

    /// <summary>True for a failure of the database itself: a database error that is not about a row, or the retries of a transient one running out.</summary>
    public static bool IsAboutTheDatabase(Exception error) =>
        (error is DbException or RetryLimitExceededException or (DbUpdateException and not DbUpdateConcurrencyException)) && !IsAboutARow(error);
}
