-- POST /conversations/c<random 1..N>/parse with free text through the NLU model, rotating sentences of
-- greetbot's intents. N is the first script argument (default 1000).
local n = 1000
local i = 0
local sentences = {
  "hello there", "good morning", "I am feeling great today", "I am sad",
  "my name is Ada", "thank you", "yes of course", "no way", "see you later",
}

function init(args)
  if args[1] then n = tonumber(args[1]) end
  math.randomseed(os.time())
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  i = i % #sentences + 1
  return wrk.format(nil, "/conversations/c" .. math.random(1, n) .. "/parse", nil,
    '{"query":"' .. sentences[i] .. '"}')
end
