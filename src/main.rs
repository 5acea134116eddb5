fn main() {
    std::process::exit(policypress::cli::main());
}
