using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Writes many new rows of one entity with the database's own bulk load — PostgreSQL's binary
/// <c>COPY</c>, SQL Server's <c>SqlBulkCopy</c> — built from the EF model (the same table,
/// columns, types and value converters SaveChanges uses), inside the context's current
/// transaction, so that they commit or roll back with the SaveChanges that follows. For bulk
/// writes, where tracking a thousand new rows costs far more than the database does. The rows are
/// not tracked afterwards. Owned rows are held to the rule SaveChanges applies: without a partner
/// nothing owned is written, and a partner writes its own rows only (a row must carry its owner;
/// none is stamped here). A row the database refuses fails the whole call as a
/// <see cref="DbUpdateException"/>, as it would in SaveChanges. The SQL Server path checks
/// constraints as an INSERT does (<see cref="SqlBulkCopyOptions.CheckConstraints"/>).
/// </summary>
public static partial class SetInserts
{
    private static readonly ConcurrentDictionary<IEntityType, Table> Tables = new();

    public static async Task InsertSetAsync<TEntity>(this ServiceDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is not { } transaction)
        {
            throw new InvalidOperationException("A set insert runs inside the transaction that commits it with the rest of the unit of work.");
        }

        if (!db.IsSystemWork && typeof(IPartnerOwned).IsAssignableFrom(typeof(TEntity))
            && rows.Any(row => db.CurrentPartnerId is null || ((IPartnerOwned)row).PartnerId != db.CurrentPartnerId))
        {
            throw new OwnershipRefusedException("A partner may only change its own records.");
        }

        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = Tables.GetOrAdd(entityType, type => Table.Of(type, db.GetService<ISqlGenerationHelper>()));
        try
        {
            if (db.Database.GetDbConnection() is SqlConnection sqlServer)
            {
                await BulkCopyAsync(sqlServer, (SqlTransaction)transaction.GetDbTransaction(), table, rows, cancellationToken);
            }
            else
            {
                await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), table, rows, cancellationToken);
            }
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"The database refused a row of a set insert into {table.Name}.", e);
        }
    }

    /// <summary>PostgreSQL: one binary COPY (the connection's transaction is the unit of work's).</summary>
    private static async Task CopyAsync<TEntity>(NpgsqlConnection connection, Table table, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var writer = await connection.BeginBinaryImportAsync(table.Copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                if (column.ProviderValue(row) is { } value)
                {
                    await writer.WriteAsync(value, column.DataTypeName, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>SQL Server: one SqlBulkCopy inside the unit of work's transaction. Not exercised by the PostgreSQL test runs.</summary>
    private static async Task BulkCopyAsync<TEntity>(
        SqlConnection connection, SqlTransaction transaction, Table table, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        using var data = new DataTable();
        foreach (var column in table.Columns)
        {
            var type = column.ProviderType == typeof(DateOnly) ? typeof(DateTime) : column.ProviderType;
            data.Columns.Add(column.Name, type);
        }

        foreach (var row in rows)
        {
            data.Rows.Add(table.Columns.Select(column => column.ProviderValue(row) switch
            {
                null => DBNull.Value,
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                { } value => value,
            }).ToArray());
        }

        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = table.QualifiedName,
            BulkCopyTimeout = 0,
        };
        foreach (var column in table.Columns)
        {
            copy.ColumnMappings.Add(column.Name, column.Name);
        }

        await copy.WriteToServerAsync(data, cancellationToken);
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, Func<object, object?> Read)
    {
        /// <summary>The store type without its facets ("character varying(100)" is written as "character varying").</summary>
        public string DataTypeName { get; } = Facets().Replace(Mapping.StoreType, "");

        /// <summary>The type the database is given, after the property's value converter.</summary>
        public Type ProviderType { get; } = Nullable.GetUnderlyingType(Mapping.Converter?.ProviderClrType ?? Mapping.ClrType) ?? Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;

        public object? ProviderValue(object row) => Read(row) is { } value ? Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value : null;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Facets();

    private sealed class Table(string name, string qualifiedName, string copy, IReadOnlyList<Column> columns)
    {
        public string Name => name;

        /// <summary>The table's delimited, schema-qualified name.</summary>
        public string QualifiedName => qualifiedName;

        /// <summary>COPY t (a, b) FROM STDIN (FORMAT BINARY).</summary>
        public string Copy => copy;

        public IReadOnlyList<Column> Columns => columns;

        public static Table Of(IEntityType type, ISqlGenerationHelper sql)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table."), type.GetSchema());
            var columns = new List<Column>();
            AddColumns(type, row => row, table, columns);
            var qualified = sql.DelimitIdentifier(table.Name, table.Schema);
            var copy = $"COPY {qualified} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)";
            return new Table(table.Name, qualified, copy, columns);
        }

        // The entity's own columns, then those of the types it owns in the same table (a null owned value leaves its columns null).
        private static void AddColumns(IEntityType type, Func<object, object?> instance, StoreObjectIdentifier table, List<Column> columns)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.GetColumnName(table) is not { } name || columns.Any(c => c.Name == name))
                {
                    // An owned type's key is its owner's key column.
                    continue;
                }

                if (property.IsShadowProperty() || property.ValueGenerated != ValueGenerated.Never && !property.IsKey())
                {
                    throw new NotSupportedException($"{type.DisplayName()}.{property.Name} is a shadow or generated property, which set inserts do not write.");
                }

                var getter = property.GetGetter();
                columns.Add(new Column(name, property.GetRelationalTypeMapping(),
                    row => instance(row) is { } value ? getter.GetClrValue(value) : null));
            }

            foreach (var navigation in type.GetNavigations())
            {
                if (navigation.ForeignKey.IsOwnership && !navigation.IsOnDependent && !navigation.IsCollection
                    && navigation.TargetEntityType.GetTableName() == table.Name && navigation.TargetEntityType.GetSchema() == table.Schema)
                {
                    var getter = navigation.GetGetter();
                    AddColumns(navigation.TargetEntityType, row => instance(row) is { } value ? getter.GetClrValue(value) : null, table, columns);
                }
                else
                {
                    throw new NotSupportedException($"{type.DisplayName()}.{navigation.Name} is a navigation, which set inserts do not write.");
                }
            }
        }
    }
}
