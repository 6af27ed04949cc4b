using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Sagas;

/// <summary>Maps saga state the way the repository expects.</summary>
public static class SagaModelBuilderExtensions
{
    /// <summary>Maps <typeparamref name="TSaga"/>: correlation id as key (never generated), version as concurrency token.</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TSaga> MapSaga<TSaga>(this ModelBuilder modelBuilder, string table)
        where TSaga : class, ISagaVersion
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.ToTable(table);
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();
        entity.Property(x => x.Version).IsConcurrencyToken();
        return entity;
    }
}
