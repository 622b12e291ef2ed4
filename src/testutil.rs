//! Shared fixtures for unit tests.

/// A small taxonomy with the usual traps (R, Go, Julia, C, Excel, Spark) and a graph.
pub(crate) const TAX: &str = r#"
[[skill]]
id = "python"
name = "Python"
category = "language"
aliases = ["python3"]
[[skill]]
id = "r"
name = "R"
category = "language"
aliases = ["R programming", "rlang"]
ambiguous = ["R"]
context = ["ggplot2", "tidyverse", "programming", "statistical", "rstudio"]
exclude_next = ["&"]
[[skill]]
id = "go"
name = "Go"
category = "language"
aliases = ["Golang"]
ambiguous = ["Go"]
context = ["goroutines", "programming", "backend"]
exclude_next = ["to", "ahead", "live"]
[[skill]]
id = "julia"
name = "Julia"
category = "language"
ambiguous = ["Julia"]
context = ["programming", "language", "scientific computing"]
[[skill]]
id = "c"
name = "C"
category = "language"
ambiguous = ["C"]
context = ["embedded", "programming", "pointers"]
[[skill]]
id = "cpp"
name = "C++"
category = "language"
aliases = ["cpp"]
[[skill]]
id = "csharp"
name = "C#"
category = "language"
aliases = ["csharp"]
[[skill]]
id = "dotnet"
name = ".NET"
category = "web"
aliases = ["dotnet"]
[[skill]]
id = "node-js"
name = "Node.js"
category = "web"
aliases = ["nodejs", "node"]
[[skill]]
id = "java"
name = "Java"
category = "language"
[[skill]]
id = "javascript"
name = "JavaScript"
category = "language"
aliases = ["js"]
[[skill]]
id = "scala"
name = "Scala"
category = "language"
[[skill]]
id = "excel"
name = "Microsoft Excel"
category = "analytics"
aliases = ["Excel", "MS Excel"]
ambiguous = ["Excel"]
context = ["spreadsheets", "pivot", "vba", "vlookup"]
[[skill]]
id = "spark"
name = "Apache Spark"
category = "data-engineering"
aliases = ["Spark"]
ambiguous = ["Spark"]
context = ["hadoop", "pyspark", "big data", "cluster", "databricks"]
[[skill]]
id = "pytorch"
name = "PyTorch"
category = "ml-framework"
implies = ["deep-learning"]
related = ["tensorflow"]
prerequisites = ["python", "deep-learning"]
[[skill]]
id = "tensorflow"
name = "TensorFlow"
category = "ml-framework"
implies = ["deep-learning"]
aliases = ["tf"]
[[skill]]
id = "scikit-learn"
name = "scikit-learn"
category = "library"
aliases = ["sklearn"]
[[skill]]
id = "kubernetes"
name = "Kubernetes"
category = "devops"
aliases = ["k8s"]
[[skill]]
id = "ci-cd"
name = "CI/CD"
category = "devops"
aliases = ["continuous integration"]
[[skill]]
id = "ab-testing"
name = "A/B testing"
category = "analytics"
[[skill]]
id = "looker"
name = "Looker"
category = "analytics"
fuzzy = false
[[skill]]
id = "statistics"
name = "Statistics"
category = "math"
[[skill]]
id = "linear-algebra"
name = "Linear Algebra"
category = "math"
[[skill]]
id = "calculus"
name = "Calculus"
category = "math"
[[skill]]
id = "machine-learning"
name = "Machine Learning"
category = "ml"
aliases = ["ML"]
[[skill]]
id = "deep-learning"
name = "Deep Learning"
category = "ml"
implies = ["machine-learning"]
prerequisites = ["linear-algebra"]
[[skill]]
id = "keras"
name = "Keras"
category = "ml-framework"
implies = ["deep-learning"]
[[skill]]
id = "docker"
name = "Docker"
category = "devops"
[[skill]]
id = "aws"
name = "AWS"
category = "cloud"
aliases = ["Amazon Web Services"]
[[skill]]
id = "gcp"
name = "GCP"
category = "cloud"
aliases = ["Google Cloud"]
related = ["aws"]
[[skill]]
id = "sql"
name = "SQL"
category = "database"
[[skill]]
id = "kotlin"
name = "Kotlin"
category = "language"
[[skill]]
id = "typescript"
name = "TypeScript"
category = "language"
[[skill]]
id = "communication"
name = "Communication"
category = "professional"
"#;
