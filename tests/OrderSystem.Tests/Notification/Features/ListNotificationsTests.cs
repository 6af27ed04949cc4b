using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Notification.Features;

/// <summary><c>GET /notifications</c>: every bad query parameter named.</summary>
public sealed class ListNotificationsTests(ServiceFixture<NotificationDbContext, NotificationSettings> fixture)
    : IClassFixture<ServiceFixture<NotificationDbContext, NotificationSettings>>
{
    [Fact]
    public async Task Listing_validates_its_parameters()
    {
        var response = await fixture.Service.Http.GetAsync("/notifications?orderId=nope&page=0");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        problem!.Errors.Keys.Should().BeEquivalentTo(["orderId", "page"]);
    }
}
