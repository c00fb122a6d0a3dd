-- wrk script: POST prepared answers, each (attempt, question) once, spread over the threads.
-- The requests file (QUIZAPP_BENCH_REQUESTS) has one line per answer: path TAB cookie TAB body.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(os.getenv("QUIZAPP_BENCH_REQUESTS")) do
    local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["HX-Request"] = "true",
    }, body)
  end
  step = tonumber(os.getenv("QUIZAPP_BENCH_THREADS"))
  index = id + 1
  failed = 0
  wrapped = 0
end

function request()
  local r = requests[index]
  index = index + step
  if index > #requests then
    -- Out of prepared answers: from here on the answers are posted again (already
    -- stored); the benchmark reports it and its numbers do not count as new answers.
    index = id + 1
    wrapped = wrapped + 1
  end
  return r
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("wrapped")
  end
  io.write(string.format("Wrapped: %d\n", total))
end
