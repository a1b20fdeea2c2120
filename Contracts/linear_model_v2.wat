;; The linear regression of linear_model.wat with the reference contract's two flaws fixed:
;;   1. Anyone could call addData, initParams and train, so anyone could poison the data or reset the
;;      weights: here only the owner (the deploying account, key 'O') may call them.
;;   2. train() looped over every stored point in one call, so its cost grew without bound: here one
;;      train() call processes at most K points (key 'K', set by the constructor) from a cursor (key
;;      'C') and returns 1 when it completes the epoch (the cursor wraps to 0), else 0. With K >= the
;;      number of points, one call is one epoch and the weights equal linear_model.wat's exactly.
;; Same storage layout and checked i64 arithmetic as linear_model.wat.
(module
  (import "env" "storage_read" (func $storage_read (param i32 i32 i32 i32) (result i32)))
  (import "env" "storage_write" (func $storage_write (param i32 i32 i32 i32)))
  (import "env" "revert" (func $revert (param i32 i32)))
  (import "env" "caller" (func $caller (param i32)))

  ;; 0..9: the key being read or written; 16..24: the value; 32..64: the caller; 64..96: the owner;
  ;; 128..: revert messages.
  (memory (export "memory") 1 1)
  (data (i32.const 128) "int64 overflow")
  (data (i32.const 160) "division by zero")
  (data (i32.const 192) "index out of bounds")
  (data (i32.const 224) "caller is not the owner")
  (data (i32.const 256) "maxPointsPerCall must be positive")

  (func $key (param $tag i32) (param $index i64)
    (i32.store8 (i32.const 0) (local.get $tag))
    (i64.store (i32.const 1) (local.get $index)))

  (func $load (param $tag i32) (param $index i64) (result i64)
    (call $key (local.get $tag) (local.get $index))
    (if (result i64)
      (i32.eq (call $storage_read (i32.const 0) (i32.const 9) (i32.const 16) (i32.const 8)) (i32.const 8))
      (then (i64.load (i32.const 16)))
      (else (i64.const 0))))

  (func $store (param $tag i32) (param $index i64) (param $value i64)
    (call $key (local.get $tag) (local.get $index))
    (i64.store (i32.const 16) (local.get $value))
    (call $storage_write (i32.const 0) (i32.const 9) (i32.const 16) (i32.const 8)))

  (func $fail (param $message i32) (param $length i32)
    (call $revert (local.get $message) (local.get $length))
    (unreachable))

  (func $overflow
    (call $fail (i32.const 128) (i32.const 14)))

  ;; Reverts unless the caller is the owner stored at deployment (32-byte node IDs, compared as 4 words).
  (func $requireOwner
    (call $caller (i32.const 32))
    (call $key (i32.const 0x4F) (i64.const 0))
    (if (i32.ne (call $storage_read (i32.const 0) (i32.const 9) (i32.const 64) (i32.const 32)) (i32.const 32))
      (then (call $fail (i32.const 224) (i32.const 23))))
    (if (i32.or
          (i32.or (i64.ne (i64.load (i32.const 32)) (i64.load (i32.const 64)))
                  (i64.ne (i64.load (i32.const 40)) (i64.load (i32.const 72))))
          (i32.or (i64.ne (i64.load (i32.const 48)) (i64.load (i32.const 80)))
                  (i64.ne (i64.load (i32.const 56)) (i64.load (i32.const 88)))))
      (then (call $fail (i32.const 224) (i32.const 23)))))

  ;; a + b; signed overflow iff both operands differ in sign from the result.
  (func $add (param $a i64) (param $b i64) (result i64) (local $r i64)
    (local.set $r (i64.add (local.get $a) (local.get $b)))
    (if (i64.lt_s
          (i64.and (i64.xor (local.get $a) (local.get $r)) (i64.xor (local.get $b) (local.get $r)))
          (i64.const 0))
      (then (call $overflow)))
    (local.get $r))

  ;; a - b; signed overflow iff a and b differ in sign and the result differs in sign from a.
  (func $sub (param $a i64) (param $b i64) (result i64) (local $r i64)
    (local.set $r (i64.sub (local.get $a) (local.get $b)))
    (if (i64.lt_s
          (i64.and (i64.xor (local.get $a) (local.get $b)) (i64.xor (local.get $a) (local.get $r)))
          (i64.const 0))
      (then (call $overflow)))
    (local.get $r))

  ;; a * b; overflow iff a = -1 and b = MIN, or (a != 0 and (a * b) / a != b).
  (func $mul (param $a i64) (param $b i64) (result i64) (local $r i64)
    (local.set $r (i64.mul (local.get $a) (local.get $b)))
    (if (i64.ne (local.get $a) (i64.const 0))
      (then
        (if (i32.and (i64.eq (local.get $a) (i64.const -1))
                     (i64.eq (local.get $b) (i64.const -9223372036854775808)))
          (then (call $overflow)))
        (if (i64.ne (i64.div_s (local.get $r) (local.get $a)) (local.get $b))
          (then (call $overflow)))))
    (local.get $r))

  ;; a / b truncated toward zero; reverts on b = 0 and on MIN / -1.
  (func $div (param $a i64) (param $b i64) (result i64)
    (if (i64.eqz (local.get $b))
      (then (call $fail (i32.const 160) (i32.const 16))))
    (if (i32.and (i64.eq (local.get $a) (i64.const -9223372036854775808)) (i64.eq (local.get $b) (i64.const -1)))
      (then (call $overflow)))
    (i64.div_s (local.get $a) (local.get $b)))

  ;; full_predict(x, w0, w1) = (w0 + w1 * x) / decimals
  (func $fullPredict (param $x i64) (param $w0 i64) (param $w1 i64) (param $decimals i64) (result i64)
    (call $div (call $add (local.get $w0) (call $mul (local.get $w1) (local.get $x))) (local.get $decimals)))

  ;; constructor(decimals, alpha, maxPointsPerCall): the deploying account becomes the owner.
  (func (export "constructor") (param $decimals i64) (param $alpha i64) (param $maxPointsPerCall i64)
    (if (i64.le_s (local.get $maxPointsPerCall) (i64.const 0))
      (then (call $fail (i32.const 256) (i32.const 33))))
    (call $store (i32.const 0x44) (i64.const 0) (local.get $decimals))
    (call $store (i32.const 0x41) (i64.const 0) (local.get $alpha))
    (call $store (i32.const 0x4B) (i64.const 0) (local.get $maxPointsPerCall))
    (call $caller (i32.const 32))
    (call $key (i32.const 0x4F) (i64.const 0))
    (call $storage_write (i32.const 0) (i32.const 9) (i32.const 32) (i32.const 32)))

  ;; initParams(w0, w1): w0 = w0 * decimals; w1 = w1 * decimals
  (func (export "initParams") (param $w0 i64) (param $w1 i64) (local $decimals i64)
    (call $requireOwner)
    (local.set $decimals (call $load (i32.const 0x44) (i64.const 0)))
    (call $store (i32.const 0x30) (i64.const 0) (call $mul (local.get $w0) (local.get $decimals)))
    (call $store (i32.const 0x31) (i64.const 0) (call $mul (local.get $w1) (local.get $decimals))))

  ;; addData(x, y): x.push(x); y.push(y)
  (func (export "addData") (param $x i64) (param $y i64) (local $n i64)
    (call $requireOwner)
    (local.set $n (call $load (i32.const 0x4E) (i64.const 0)))
    (call $store (i32.const 0x58) (local.get $n) (local.get $x))
    (call $store (i32.const 0x59) (local.get $n) (local.get $y))
    (call $store (i32.const 0x4E) (i64.const 0) (call $add (local.get $n) (i64.const 1))))

  ;; getData(i): require(i < x.length); (x[i], y[i]); i is unsigned (uint256).
  (func (export "getData") (param $i i64) (result i64 i64)
    (if (i64.ge_u (local.get $i) (call $load (i32.const 0x4E) (i64.const 0)))
      (then (call $fail (i32.const 192) (i32.const 19))))
    (call $load (i32.const 0x58) (local.get $i))
    (call $load (i32.const 0x59) (local.get $i)))

  (func (export "getParams") (result i64 i64)
    (call $load (i32.const 0x30) (i64.const 0))
    (call $load (i32.const 0x31) (i64.const 0)))

  (func (export "predict") (param $x i64) (result i64)
    (call $fullPredict (local.get $x)
      (call $load (i32.const 0x30) (i64.const 0)) (call $load (i32.const 0x31) (i64.const 0))
      (call $load (i32.const 0x44) (i64.const 0))))

  ;; step(): (alpha, -2 * (y[0] - full_predict(x[0], w0, w1))); x[0] of an empty array reverts.
  (func (export "step") (result i64 i64)
    (if (i64.eqz (call $load (i32.const 0x4E) (i64.const 0)))
      (then (call $fail (i32.const 192) (i32.const 19))))
    (call $load (i32.const 0x41) (i64.const 0))
    (call $mul (i64.const -2)
      (call $sub (call $load (i32.const 0x59) (i64.const 0))
        (call $fullPredict (call $load (i32.const 0x58) (i64.const 0))
          (call $load (i32.const 0x30) (i64.const 0)) (call $load (i32.const 0x31) (i64.const 0))
          (call $load (i32.const 0x44) (i64.const 0))))))

  ;; train(): per-sample SGD (as in linear_model.wat) over at most K points from the cursor; returns
  ;; 1 when this call completes the epoch, else 0.
  (func (export "train") (result i64)
    (local $n i64) (local $i i64) (local $end i64) (local $w0 i64) (local $w1 i64) (local $decimals i64)
    (local $alpha i64) (local $x i64) (local $error i64)
    (call $requireOwner)
    (local.set $n (call $load (i32.const 0x4E) (i64.const 0)))
    (local.set $i (call $load (i32.const 0x43) (i64.const 0)))
    (local.set $end (call $add (local.get $i) (call $load (i32.const 0x4B) (i64.const 0))))
    (if (i64.gt_u (local.get $end) (local.get $n)) (then (local.set $end (local.get $n))))
    (local.set $w0 (call $load (i32.const 0x30) (i64.const 0)))
    (local.set $w1 (call $load (i32.const 0x31) (i64.const 0)))
    (local.set $decimals (call $load (i32.const 0x44) (i64.const 0)))
    (local.set $alpha (call $load (i32.const 0x41) (i64.const 0)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $end)))
        (local.set $x (call $load (i32.const 0x58) (local.get $i)))
        (local.set $error
          (call $sub (call $load (i32.const 0x59) (local.get $i))
            (call $fullPredict (local.get $x) (local.get $w0) (local.get $w1) (local.get $decimals))))
        (local.set $w0
          (call $sub (local.get $w0)
            (call $mul (local.get $alpha) (call $mul (i64.const -2) (local.get $error)))))
        (local.set $w1
          (call $sub (local.get $w1)
            (call $mul (local.get $alpha)
              (call $mul (i64.const -2) (call $mul (local.get $x) (local.get $error))))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $store (i32.const 0x30) (i64.const 0) (local.get $w0))
    (call $store (i32.const 0x31) (i64.const 0) (local.get $w1))
    (if (result i64) (i64.ge_u (local.get $end) (local.get $n))
      (then (call $store (i32.const 0x43) (i64.const 0) (i64.const 0)) (i64.const 1))
      (else (call $store (i32.const 0x43) (i64.const 0) (local.get $end)) (i64.const 0))))
)
