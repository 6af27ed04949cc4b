namespace OrderSystem.Deployment.Tests;

/// <summary>Finds the repository root (the folder holding OrderSystem.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OrderSystem.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("OrderSystem.sln not found above " + AppContext.BaseDirectory);
    }

    public static string File_(string relative) => System.IO.Path.Combine(Path, relative);
}
