using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Sagas;

/// <summary>Registers the EF Core saga repository.</summary>
public static class EfSagaRepositoryExtensions
{
    /// <summary>
    /// Persists <typeparamref name="TSaga"/> in <typeparamref name="TDbContext"/> with optimistic concurrency.
    /// Map the saga in the DbContext with <see cref="SagaModelBuilderExtensions.MapSaga{TSaga}"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga, TDbContext>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion
        where TDbContext : DbContext =>
        configurator.Repository(r =>
        {
            r.RegisterLoadSagaRepository<TSaga, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
            r.RegisterQuerySagaRepository<TSaga, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
            r.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        });
}
