#include "slurm_client.h"

#include "core/errors.h"
#include "core/text/parse.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace shnn::cli {

namespace {

struct Output {
    int status = -1;
    std::string text;  // stdout and stderr, in order
};

Output run(const std::vector<std::string>& argv) {
    std::string cmd;
    for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + text::shellQuoted(a);
    cmd += " 2>&1";
    Output out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.text.append(buf.data(), n);
    const int st = pclose(p);
    out.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}

} // namespace

bool programOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::istringstream in(path);
    for (std::string dir; std::getline(in, dir, ':');)
        if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
    return false;
}

std::string submitJobArray(const std::string& script, const std::vector<int>& tasks, const std::string& key) {
    if (!programOnPath("sbatch"))
        throw SettingsError(key, "sbatch is not on PATH: run this on the cluster's login node, or submit " + script +
                                     " there with sbatch");
    std::vector<std::string> argv = {"sbatch", "--parsable"};
    if (!tasks.empty()) {
        std::string list;
        for (int t : tasks) list += (list.empty() ? "" : ",") + std::to_string(t);
        argv.push_back("--array=" + list);  // overrides the script's #SBATCH --array
    }
    argv.push_back(script);
    const Output out = run(argv);
    const auto ls = lines(out.text);
    if (out.status == 0) {
        // --parsable prints "jobid" or "jobid;cluster" last, after any warnings.
        for (auto it = ls.rbegin(); it != ls.rend(); ++it) {
            const std::string id = it->substr(0, it->find(';'));
            if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos) return id;
        }
    }
    std::string why;
    for (const auto& l : ls) {
        const std::string prefix = "sbatch: error: ";
        const std::string msg = l.rfind(prefix, 0) == 0 ? l.substr(prefix.size()) : l;
        why += (why.empty() ? "" : "; ") + msg;
    }
    if (why.empty()) why = "exit status " + std::to_string(out.status);
    const bool partition = why.find("artition") != std::string::npos;
    throw SettingsError(partition ? "partition" : key, "sbatch refused the job array: " + why);
}

std::set<int> queuedArrayTasks(const std::vector<std::string>& jobIds) {
    std::set<int> out;
    if (jobIds.empty() || !programOnPath("squeue")) return out;
    // One line per array element (-r): "arrayjobid taskid state".
    const Output o = run({"squeue", "--noheader", "--array", "--me", "--format=%F %K %T"});
    if (o.status != 0) return out;
    for (const auto& l : lines(o.text)) {
        std::istringstream in(l);
        std::string job, task, state;
        if (!(in >> job >> task >> state)) continue;
        bool ours = false;
        for (const auto& id : jobIds) ours = ours || id == job;
        if (!ours) continue;
        // A pending remainder may still read "[3-7%2]" or "3,5": expand it.
        std::string clean;
        for (char c : task.substr(0, task.find('%')))
            if (c != '[' && c != ']') clean += c;
        std::istringstream parts(clean);
        for (std::string part; std::getline(parts, part, ',');) {
            const auto dash = part.find('-');
            try {
                const int a = std::stoi(part.substr(0, dash));
                const int b = dash == std::string::npos ? a : std::stoi(part.substr(dash + 1));
                for (int t = a; t <= b; ++t) out.insert(t);
            } catch (const std::exception&) {
            }
        }
    }
    return out;
}

} // namespace shnn::cli
