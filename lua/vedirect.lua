-- vedirect.lua : Domoticz Lua parser for the VE.Direct logger
--
-- The logger sends one record of your Victron battery monitor as JSON, for example
--   {"V":12065,"I":-7625,"CE":-65473,"SOC":839, ...}
-- and this script turns the values you choose into updates of Domoticz devices.
-- Installation: see README.md next to this file.

--------------------------------------------------------------------------------
-- YOUR SETTINGS: the only part you need to edit.
--
-- One line per Domoticz device:
--   [idx] = { label = 'NAME', multiplier = NUMBER },
-- idx        : the device's number in Domoticz. Find it in Setup > Devices, column "Idx".
--              Replace the placeholders 1, 2, 3, 4 with your own numbers.
-- label      : the VE.Direct field to read (exactly as the device sends it, e.g. 'V', 'SOC').
-- multiplier : the raw value is multiplied by this to get the unit Domoticz shows.
--              It also sets the decimals: 0.001 gives 3 decimals, 0.1 gives 1, 1 gives none.
-- Remove a line (or put -- in front of it) for a device you don't have.
local devices = {
  [1] = { label = 'V',   multiplier = 0.001 },  -- battery voltage, mV -> V   (Voltage sensor)
  [2] = { label = 'I',   multiplier = 0.001 },  -- battery current, mA -> A   (Ampere (1 phase) sensor)
  [3] = { label = 'CE',  multiplier = 0.001 },  -- consumed energy, mAh -> Ah (Custom sensor, unit Ah)
  [4] = { label = 'SOC', multiplier = 0.1 },    -- state of charge, per mille -> % (Percentage sensor)
}

-- true: write a line in the Domoticz log for every device update (handy while setting up;
-- set back to false afterwards, the logger sends a record every few seconds).
local verbose = false
-- END OF YOUR SETTINGS
--------------------------------------------------------------------------------

local function log(message)
  print('vedirect: ' .. message)
end

-- How many decimals a multiplier stands for: 0.001 -> 3, 0.1 -> 1, 1 -> 0, 0.25 -> 2.
-- Counted by scaling until the value is whole, because 0.001 has no exact binary form.
local function decimals_of(multiplier)
  local m = math.abs(multiplier)
  local d = 0
  while d < 9 and math.abs(m - math.floor(m + 0.5)) > 1e-6 * math.max(m, 1) do
    m = m * 10
    d = d + 1
  end
  return d
end

-- Domoticz stores tostring() of what it is given, and every JSON number reaches Lua as a float:
-- without this, 54645 would be stored as '54645.0' and 54645 * 0.001 as '54.645000000000003'.
local function format_value(value, multiplier)
  local text = string.format('%.' .. decimals_of(multiplier) .. 'f', value * multiplier)
  if text:find('.', 1, true) then
    text = text:gsub('0+$', ''):gsub('%.$', '')
  end
  if text == '-0' then
    text = '0'
  end
  return text
end

-- GET puts the JSON in the URL (uri['data']); POST sends it as the request body.
local data = nil
if type(uri) == 'table' and type(uri['data']) == 'string' and uri['data'] ~= '' then
  data = uri['data']
elseif type(request) == 'table' and type(request['content']) == 'string' and request['content'] ~= '' then
  data = request['content']
end
if data == nil then
  log('no data received (neither a data= parameter nor a request body)')
  return
end
if not data:find('^%s*{') then
  log('data is not a JSON object: ' .. data:sub(1, 60))
  return
end

-- Sorted, so the log lines come in the same order every time.
local idxs = {}
for idx in pairs(devices) do
  idxs[#idxs + 1] = idx
end
table.sort(idxs)

local values = {}
local found = 0
for _, idx in ipairs(idxs) do
  local value = domoticz_applyJsonPath(data, '.' .. devices[idx].label)
  values[idx] = value
  if value ~= nil then
    found = found + 1
  end
end
-- Invalid or cut-off JSON gives nil for every label: one line says more than one per device.
if found == 0 then
  log('none of the configured labels found; invalid or truncated JSON? ' .. data:sub(1, 60))
  return
end

for _, idx in ipairs(idxs) do
  local label = devices[idx].label
  local multiplier = devices[idx].multiplier
  local value = values[idx]
  if value == nil then
    log('label ' .. label .. ' missing, device ' .. idx .. ' not updated')
  elseif type(value) ~= 'number' or value ~= value or value == math.huge or value == -math.huge then
    log('label ' .. label .. ' is not a number (' .. tostring(value) .. '), device ' .. idx .. ' not updated')
  elseif type(multiplier) ~= 'number' then
    log('multiplier of device ' .. idx .. ' is not a number, check the settings')
  else
    local svalue = format_value(value, multiplier)
    domoticz_updateDevice(idx, '', svalue)
    if verbose then
      log('device ' .. idx .. ' (' .. label .. ') = ' .. svalue)
    end
  end
end
