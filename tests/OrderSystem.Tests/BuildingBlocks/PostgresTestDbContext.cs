using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

public sealed class PostgresTestDbContext(DbContextOptions<PostgresTestDbContext> options) : TestDbContext(options);
