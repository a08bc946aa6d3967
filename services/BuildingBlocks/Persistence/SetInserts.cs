using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Inserts many new rows of one entity as multi-row INSERT statements built from the EF model
/// (the same table, columns, types and value converters SaveChanges uses, on PostgreSQL and SQL
/// Server alike), inside the context's current transaction, so that they commit or roll back with
/// the SaveChanges that follows. For bulk writes, where tracking a thousand new rows costs far
/// more than the database does. The rows are not tracked afterwards. Owned rows are held to the
/// rule SaveChanges applies: without a partner nothing owned is written, and a partner writes its
/// own rows only (a row must carry its owner; none is stamped here). A row the database refuses
/// fails the whole call as a <see cref="DbUpdateException"/>, as it would in SaveChanges.
/// </summary>
public static class SetInserts
{
    /// <summary>SQL Server takes at most 2,100 parameters in a command; PostgreSQL many more. One limit serves both.</summary>
    public const int MaxParameters = 2000;

    private static readonly ConcurrentDictionary<IEntityType, Table> Tables = new();

    public static async Task InsertSetAsync<TEntity>(this ServiceDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
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
        var perStatement = Math.Max(1, MaxParameters / table.Columns.Count);
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        for (var first = 0; first < rows.Count; first += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - first);
            var parameters = new DbParameter[count * table.Columns.Count];
            for (var r = 0; r < count; r++)
            {
                var row = rows[first + r];
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var column = table.Columns[c];
                    parameters[r * table.Columns.Count + c] = column.Mapping.CreateParameter(factory, $"p{r * table.Columns.Count + c}", column.Read(row), column.Nullable);
                }
            }

            try
            {
                await db.Database.ExecuteSqlRawAsync(table.Sql(count), parameters, cancellationToken);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"The database refused a row of a set insert into {table.Name}.", e);
            }
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read);

    private sealed class Table(string name, string head, IReadOnlyList<Column> columns)
    {
        private readonly ConcurrentDictionary<int, string> _statements = new();

        public string Name => name;

        public IReadOnlyList<Column> Columns => columns;

        /// <summary>INSERT INTO t (a, b) VALUES ({0}, {1}), ({2}, {3}) … for <paramref name="rows"/> rows (placeholders as ExecuteSqlRaw takes them).</summary>
        public string Sql(int rows) => _statements.GetOrAdd(rows, count =>
        {
            var sql = new StringBuilder(head);
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    sql.Append(c == 0 ? "{" : ", {").Append(r * columns.Count + c).Append('}');
                }

                sql.Append(')');
            }

            return sql.ToString();
        });

        public static Table Of(IEntityType type, ISqlGenerationHelper sql)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table."), type.GetSchema());
            var columns = new List<Column>();
            AddColumns(type, row => row, table, columns);
            var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
            return new Table(table.Name, head, columns);
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
                columns.Add(new Column(name, property.GetRelationalTypeMapping(), property.IsColumnNullable(table),
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
