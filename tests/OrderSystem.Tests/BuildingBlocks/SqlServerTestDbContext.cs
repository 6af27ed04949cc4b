using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

public sealed class SqlServerTestDbContext(DbContextOptions<SqlServerTestDbContext> options) : TestDbContext(options);
