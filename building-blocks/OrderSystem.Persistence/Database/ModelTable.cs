using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrderSystem.Persistence.Database;

/// <summary>An entity's table and column names as the EF model maps them, quoted for the context's provider.</summary>
public sealed class ModelTable
{
    readonly IEntityType _entity;
    readonly StoreObjectIdentifier _table;
    readonly ISqlGenerationHelper _sql;

    ModelTable(IEntityType entity, StoreObjectIdentifier table, ISqlGenerationHelper sql)
    {
        _entity = entity;
        _table = table;
        _sql = sql;
        Name = sql.DelimitIdentifier(table.Name, table.Schema);
    }

    /// <summary>The quoted (schema-qualified) table name.</summary>
    public string Name { get; }

    /// <summary>Where <paramref name="dbContext"/> stores <typeparamref name="TEntity"/>.</summary>
    /// <exception cref="InvalidOperationException">The context does not map the entity.</exception>
    public static ModelTable Of<TEntity>(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        var entity = dbContext.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{dbContext.GetType().Name} does not map {typeof(TEntity).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return new ModelTable(entity, table, dbContext.GetService<ISqlGenerationHelper>());
    }

    /// <summary>The quoted column of <paramref name="property"/>.</summary>
    public string Column(string property) =>
        _sql.DelimitIdentifier((_entity.FindProperty(property) ?? throw new InvalidOperationException(
            $"{_entity.DisplayName()} has no property {property}.")).GetColumnName(_table)!);
}
