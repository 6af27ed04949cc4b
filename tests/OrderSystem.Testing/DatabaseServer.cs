namespace OrderSystem.Testing;

/// <summary>A database server and a connection string for a login allowed to create and drop databases.</summary>
/// <param name="Provider">The engine.</param>
/// <param name="AdminConnectionString">Connects to the server's maintenance database (<c>postgres</c> / <c>master</c>).</param>
public sealed record DatabaseServer(DatabaseProvider Provider, string AdminConnectionString);
