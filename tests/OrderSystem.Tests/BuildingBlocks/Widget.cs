using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>A state change made together with a publish.</summary>
public sealed class Widget
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
