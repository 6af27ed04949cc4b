using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Sagas;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>The building blocks' tables plus what the tests record.</summary>
public abstract class TestDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();

    public DbSet<ConsumedRecord> Consumed => Set<ConsumedRecord>();

    public DbSet<CounterState> Counters => Set<CounterState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Widget>().HasKey(x => x.Id);
        modelBuilder.Entity<ConsumedRecord>().HasKey(x => x.Id);
        modelBuilder.MapSaga<CounterState>("Counters").Property(x => x.CurrentState).HasMaxLength(64);
    }
}
