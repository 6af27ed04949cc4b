using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.PaymentMethods;
using OrderSystem.Payment.Persistence;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Payment.Features;

/// <summary>
/// PaymentMethods: cards are registered with Payment by the signed-in customer (real tokens) and become opaque payment
/// method ids of that customer; Payment keeps no number. (Charging another customer's method: <see cref="ChargeTests"/>.)
/// </summary>
public sealed class PaymentMethodsTests(ServiceFixture<PaymentDbContext, PaymentSettings> fixture) : IClassFixture<ServiceFixture<PaymentDbContext, PaymentSettings>>
{
    const string VisaDebit = "4000056655665556";
    readonly InProcessService<PaymentDbContext> _service = fixture.Service;

    static async Task<(HttpStatusCode Status, RegisterPaymentMethod.Response? Body, Uri? Location)> Register(HttpClient client, string card)
    {
        using var response = await client.PostAsJsonAsync("/payment-methods", new { cardNumber = card });
        var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RegisterPaymentMethod.Response>() : null;
        return (response.StatusCode, body, response.Headers.Location);
    }

    [Fact]
    public async Task A_registered_card_becomes_an_opaque_id_with_brand_and_last_four_and_its_number_is_not_stored()
    {
        using var ada = await _service.Client("ada");
        using var bob = await _service.Client("bob");

        var (status, method, location) = await Register(ada, VisaDebit);
        var (again, same, _) = await Register(ada, VisaDebit);
        var (bobs, bobsMethod, _) = await Register(bob, VisaDebit);

        status.Should().Be(HttpStatusCode.Created);
        location!.ToString().Should().Be($"/payment-methods/{method!.PaymentMethodId}");
        method.Brand.Should().Be("visa");
        method.Last4.Should().Be("5556");
        again.Should().Be(HttpStatusCode.OK, "the same card of the same customer is the same payment method");
        same!.PaymentMethodId.Should().Be(method.PaymentMethodId);
        bobs.Should().Be(HttpStatusCode.Created);
        bobsMethod!.PaymentMethodId.Should().NotBe(method.PaymentMethodId, "a payment method belongs to one customer");

        var stored = await _service.Query(db => db.PaymentMethods.AsNoTracking().SingleAsync(m => m.Id == method.PaymentMethodId));
        stored.CustomerId.Should().Be("ada");
        stored.Fingerprint.Should().MatchRegex("^[0-9A-F]{64}$").And.NotContain(VisaDebit);
        stored.Outcome.Should().Be(CardOutcome.Decline, "any number but the test cards is an unknown card to the simulated gateway");
        stored.DeclineReason.Should().Be(TestCards.UnknownCardReason);
        JsonSerializer.Serialize(stored).Should().NotContain(VisaDebit).And.NotContain(VisaDebit[..12]);
    }

    [Fact]
    public async Task Only_its_customer_and_admins_see_a_payment_method_and_anonymous_callers_none()
    {
        using var ada = await _service.Client("ada");
        using var bob = await _service.Client("bob");
        using var anonymous = await _service.Client(null);
        var adaMethod = fixture.Settings.PaymentMethods[TestCards.Approved];

        (await ada.GetFromJsonAsync<ListPaymentMethods.Response>("/payment-methods"))!.Items.Select(m => m.PaymentMethodId).Should().Contain(adaMethod);
        (await bob.GetFromJsonAsync<ListPaymentMethods.Response>("/payment-methods"))!.Items.Select(m => m.PaymentMethodId).Should().NotContain(adaMethod);
        (await bob.GetAsync($"/payment-methods/{adaMethod}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "ids cannot be probed");
        (await ada.GetAsync($"/payment-methods/{adaMethod}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _service.Http.GetAsync($"/payment-methods/{adaMethod}")).StatusCode.Should().Be(HttpStatusCode.OK, "the admin sees every one");
        (await anonymous.PostAsJsonAsync("/payment-methods", new { cardNumber = TestCards.Approved })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/payment-methods")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("42424242424")]
    [InlineData("42424242424242424242")]
    [InlineData("12ab")]
    [InlineData("")]
    public async Task A_malformed_number_is_refused_without_echoing_it(string card)
    {
        using var ada = await _service.Client("ada");

        using var response = await ada.PostAsJsonAsync("/payment-methods", new { cardNumber = card });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("cardNumber");
        if (card.Length > 0)
            body.Should().NotContain(card);
    }

    [Fact]
    public async Task No_demo_payment_method_exists_with_the_default_settings()
    {
        Guid[] demo = [DemoPaymentMethods.AdaApproved, DemoPaymentMethods.AdaDeclined, DemoPaymentMethods.BobApproved, DemoPaymentMethods.BobDeclined];

        (await _service.Query(db => db.PaymentMethods.AsNoTracking().CountAsync(m => demo.Contains(m.Id)))).Should().Be(0,
            "the demo payment methods are a development setting (PaymentMethods:SeedDemoMethods), never on by default");
    }

    [Fact]
    public async Task The_development_setting_registers_the_demo_cards_under_their_fixed_ids_as_registered_cards_are_stored()
    {
        await using var payment = await InProcessService.Start<PaymentDbContext>("payment", Exchanges.Payment,
            new() { ["PaymentMethods:SeedDemoMethods"] = "true" });
        var fingerprints = payment.Services.GetRequiredService<CardFingerprints>();
        using var ada = await payment.Client("ada");
        using var bob = await payment.Client("bob");

        var seeded = await payment.Query(db => db.PaymentMethods.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        var (again, adaCard, _) = await Register(ada, TestCards.Approved);
        // A second start (another replica, a restart) finds them there.
        foreach (var seeder in payment.Services.GetServices<IHostedService>().OfType<DemoPaymentMethodSeeder>())
            await seeder.StartAsync(CancellationToken.None);

        seeded.Select(m => (m.Id, m.CustomerId, m.Brand, m.Last4, m.Fingerprint, m.Decision)).Should().BeEquivalentTo(
        [
            (DemoPaymentMethods.AdaApproved, "ada", "visa", "4242", fingerprints.Of(TestCards.Approved), TestCards.Decide(TestCards.Approved)),
            (DemoPaymentMethods.AdaDeclined, "ada", "visa", "0002", fingerprints.Of(TestCards.Declined), TestCards.Decide(TestCards.Declined)),
            (DemoPaymentMethods.BobApproved, "bob", "visa", "4242", fingerprints.Of(TestCards.Approved), TestCards.Decide(TestCards.Approved)),
            (DemoPaymentMethods.BobDeclined, "bob", "visa", "0002", fingerprints.Of(TestCards.Declined), TestCards.Decide(TestCards.Declined)),
        ]);
        JsonSerializer.Serialize(seeded).Should().NotContain(TestCards.Approved).And.NotContain(TestCards.Declined);
        again.Should().Be(HttpStatusCode.OK, "ada's 4242 card is already registered");
        adaCard!.PaymentMethodId.Should().Be(DemoPaymentMethods.AdaApproved);
        (await bob.GetAsync($"/payment-methods/{DemoPaymentMethods.AdaApproved}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "ada's card is hers");
        (await payment.Query(db => db.PaymentMethods.CountAsync())).Should().Be(seeded.Count);
    }
}
